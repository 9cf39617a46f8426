package io.akkacrawler.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The crawl's figures over time for the dashboard's charts: one sample per progress tick, at most
 * {@code capacity} of them; when full, every other sample is dropped, so a long crawl keeps its
 * whole span at a coarser grain. Plain class, written by one thread.
 */
final class History {
  /** The series, in the order of {@link #add}'s values after the time. */
  static final List<String> SERIES =
      List.of("records", "fetched", "skipped", "failed", "bytes", "rate", "inFlight", "queued");

  private final int capacity;
  private final double[] seconds;
  private final double[][] values;
  private int size;

  History(int capacity) {
    this.capacity = capacity;
    this.seconds = new double[capacity];
    this.values = new double[SERIES.size()][capacity];
  }

  /** A sample at {@code second} of the crawl, with one value per series. */
  void add(double second, double... sample) {
    if (sample.length != SERIES.size()) {
      throw new IllegalArgumentException("expected " + SERIES.size() + " values");
    }
    if (size > 0 && second < seconds[size - 1]) {
      return; // out of order (a final sample after a later tick): keep time monotonic
    }
    if (size > 0 && second == seconds[size - 1]) {
      size--; // the same instant again: the newer figures win
    }
    if (size == capacity) {
      compact();
    }
    seconds[size] = second;
    for (int s = 0; s < sample.length; s++) {
      values[s][size] = sample[s];
    }
    size++;
  }

  /** Keeps the samples at even positions and the last one. */
  private void compact() {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (i % 2 == 0 || i == size - 1) {
        seconds[kept] = seconds[i];
        for (double[] series : values) {
          series[kept] = series[i];
        }
        kept++;
      }
    }
    size = kept;
  }

  int size() {
    return size;
  }

  /** The samples as JSON-ready lists: {@code t} (seconds) and one list per series. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("t", list(seconds));
    for (int s = 0; s < SERIES.size(); s++) {
      map.put(SERIES.get(s), list(values[s]));
    }
    return map;
  }

  private List<Double> list(double[] array) {
    List<Double> list = new ArrayList<>(size);
    Arrays.stream(array, 0, size).forEach(v -> list.add(Math.round(v * 100) / 100.0));
    return list;
  }
}

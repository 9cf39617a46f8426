package io.akkacrawler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a metrics endpoint as Prometheus would: one sample per series, by name and labels. */
final class Scrape {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String text;
  private final Map<String, Double> samples = new LinkedHashMap<>();

  private Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
  }

  /** GETs {@code url} (a 200 in Prometheus text format) and parses it. */
  static Scrape of(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = get(url);
    assertEquals(200, r.statusCode(), r.body());
    return new Scrape(r.body());
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one series ({@code name} or {@code name{label="value",...}}), 0 when absent. */
  double value(String series) {
    return samples.getOrDefault(series, 0.0);
  }

  /** The sum of every series of {@code name}, whatever its labels. */
  double sum(String name) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** Every series of {@code name} by its labels ({@code outcome="fetched",reason="none"}). */
  Map<String, Double> series(String name) {
    Map<String, Double> series = new LinkedHashMap<>();
    samples.forEach(
        (key, value) -> {
          if (key.startsWith(name + "{")) {
            series.put(key.substring(name.length() + 1, key.length() - 1), value);
          }
        });
    return series;
  }

  boolean has(String name) {
    return samples.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
  }

  /** The sample lines (no comments). */
  Map<String, Double> samples() {
    return samples;
  }

  String text() {
    return text;
  }
}

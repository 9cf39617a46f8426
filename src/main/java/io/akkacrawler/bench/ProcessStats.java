package io.akkacrawler.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU, memory and GC figures of this process or another one (Linux /proc). */
final class ProcessStats {
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private ProcessStats() {}

  /** CPU time of this process, all threads, in nanoseconds. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** Peak resident set size of this process in KiB (VmHWM), or -1 off Linux. */
  static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }

  /** CPU time (user + system) of another process in milliseconds, or -1 when unknown. */
  static long cpuMillisOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name (which may hold spaces) start after the last ')'.
      List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
      long ticks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
      return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}

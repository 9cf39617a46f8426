package io.akkacrawler;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Starts the crawler's command line in a JVM of its own, as a user would (tests only). */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code crawl ARGS...} with its standard output to read from the process, stderr dropped. */
  public static Process startPiped(List<String> jvmOptions, List<String> args) throws IOException {
    return new ProcessBuilder(command(jvmOptions, args))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    return command;
  }

  /** {@code crawl ARGS...} with the given JVM options; its output goes to {@code log}. */
  public static Process start(List<String> jvmOptions, List<String> args, Path log)
      throws IOException {
    return start(jvmOptions, args, log, Map.of());
  }

  /** As above, with {@code env} added to (or, for a null value, removed from) its environment. */
  public static Process start(
      List<String> jvmOptions, List<String> args, Path log, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command(jvmOptions, args)).redirectErrorStream(true);
    env.forEach(
        (name, value) -> {
          if (value == null) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    builder.redirectOutput(
        log == null
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.appendTo(log.toFile()));
    return builder.start();
  }

  /** What a test waits for in a child JVM's log or files. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Waits until {@code condition} holds, looking every 100 ms, for at most {@code limit} (then
   * fails with {@code failure}): a child process's log lines and files give no notification to wait
   * on, so they are polled; the limit only bounds a test that went wrong.
   */
  public static void await(Duration limit, Supplier<String> failure, Condition condition)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure.get());
      }
      Thread.sleep(100);
    }
  }
}

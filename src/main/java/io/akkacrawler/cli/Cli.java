package io.akkacrawler.cli;

import io.akkacrawler.config.SettingsException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The command line: parses arguments, runs the crawl, maps every failure to an exit code. */
public final class Cli {
  private Cli() {}

  /**
   * Set to true or false by {@code ./crawl}: whether stderr is a terminal (the JVM cannot tell).
   */
  static final String STDERR_TTY = "akkacrawler.stderr-tty";

  /**
   * Runs the command with the process's streams and signals; returns the exit code. On a terminal
   * (see {@link #STDERR_TTY}) the progress is one line rewritten in place.
   */
  public static int run(String... args) {
    if (Boolean.getBoolean(STDERR_TTY)) {
      StatusLine.install();
    }
    return run(args, System.out, System.err, Signals.fromProcess());
  }

  /** Runs the command; {@code out} gets the records of {@code -o -}, {@code err} the rest. */
  public static int run(String[] args, PrintStream out, PrintStream err, Signals signals) {
    CommandLine cmd = new CommandLine(new CrawlCommand(out, err, signals));
    Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
    subcommands.put("bench-frontier", () -> new BenchFrontierCommand(out));
    subcommands.put("state", () -> new StateCommand(out));
    subcommands.put("merge", () -> new MergeCommand(out));
    subcommands.put("bench", () -> new BenchCommand(out));
    subcommands.put("worker", () -> new WorkerCommand(err, signals));
    if (mayNeedSubcommands(args, subcommands.keySet())) {
      subcommands.forEach((name, command) -> cmd.addSubcommand(name, command.get()));
    }
    // Help and version go to stdout as usual for a command-line tool; errors to stderr.
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    cmd.setParameterExceptionHandler(
        (ex, arguments) -> {
          err.println("error: " + ex.getMessage());
          err.println("Try 'crawl --help' for the options.");
          return ExitCodes.USAGE;
        });
    cmd.setExecutionExceptionHandler(
        (ex, command, parseResult) -> {
          if (ex instanceof SettingsException) {
            err.println("error: " + ex.getMessage());
            return ExitCodes.USAGE;
          }
          err.println("error: internal failure: " + ex);
          return ExitCodes.FAILURE;
        });
    return cmd.execute(args);
  }

  /**
   * Whether the arguments may run one of the subcommands {@code names} or show the usage, which
   * lists them: one of them is a subcommand's name, an argument file ({@code @FILE}), {@code
   * --help} or a cluster of short options with {@code h} in it. Otherwise the subcommands' models
   * are not built: picocli reads each from its annotations, some 15 ms of a two-page crawl's
   * start-up, and a crawl's arguments (options, their values, seed URLs) can name none of them.
   */
  static boolean mayNeedSubcommands(String[] args, Set<String> names) {
    for (String a : args) {
      if (names.contains(a)
          || a.startsWith("@")
          || a.equals("--help")
          || (a.startsWith("-") && !a.startsWith("--") && a.indexOf('h') > 0)) {
        return true;
      }
    }
    return false;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cli.class.getPackage().getImplementationVersion();
      return new String[] {
        "akka-crawler "
            + (v == null ? "(development build)" : v)
            + " (Akka 2.6.21, jsoup, crawler-commons; JDK "
            + Runtime.version()
            + ")"
      };
    }
  }

  /**
   * Routes SIGINT and SIGTERM to the running crawl (so it can flush and exit 130) instead of
   * killing the JVM. Tests pass their own instance and never touch the process's signals.
   */
  public static final class Signals {
    private final AtomicReference<Runnable> handler = new AtomicReference<>();

    /** An interrupt came while no action was set (the crawl was starting): the next one gets it. */
    private final AtomicBoolean pending = new AtomicBoolean();

    private boolean installed;

    private Signals(boolean fromProcess) {
      // Tests deliver interrupts themselves: pretend the handlers are already in place.
      this.installed = !fromProcess;
    }

    /** SIGINT and SIGTERM of this process. */
    public static Signals fromProcess() {
      return new Signals(true);
    }

    /** Interrupts delivered only by {@link #interrupt()} (for tests and embedding). */
    public static Signals manual() {
      return new Signals(false);
    }

    /**
     * Calls {@code action} on every SIGINT or SIGTERM until {@link #reset()}, and at once for one
     * that came while no action was set (so a Ctrl-C while the crawl starts is not lost).
     */
    public void onInterrupt(Runnable action) {
      handler.set(action);
      if (!installed) {
        installed = true;
        install("INT");
        install("TERM");
      }
      if (pending.getAndSet(false)) {
        action.run();
      }
    }

    /** Signals no longer reach the crawl. */
    public void reset() {
      handler.set(null);
    }

    /** Delivers an interrupt as a signal would. */
    public void interrupt() {
      // Marked first, taken by exactly one side: here, or by onInterrupt setting its action.
      pending.set(true);
      Runnable r = handler.get();
      if (r != null && pending.getAndSet(false)) {
        r.run();
      }
    }

    @SuppressWarnings("restriction")
    private void install(String name) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> interrupt());
      } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
        // Not on this platform: the JVM's default handling (exit) applies.
      }
    }
  }
}

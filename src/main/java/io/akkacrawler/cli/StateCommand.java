package io.akkacrawler.cli;

import io.akkacrawler.state.StateDirectory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code crawl state DIR}: what a resumable crawl's directory holds, without changing it. */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = "Show a resumable crawl's state: seeds, output, committed records, queued URLs.")
final class StateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "The directory given to --state.")
  Path dir;

  private final PrintStream out;

  StateCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    try (StateDirectory state = StateDirectory.open(dir)) {
      long[] queued = {0};
      Set<Long> hosts = new HashSet<>();
      state
          .store()
          .forEachJobKey(
              (host, job) -> {
                queued[0]++;
                hosts.add(host);
              });
      out.printf(Locale.ROOT, "state      %s (%s)%n", dir, StateDirectory.FORMAT);
      out.printf(Locale.ROOT, "status     %s%n", state.finished() ? "finished" : "resumable");
      out.printf(Locale.ROOT, "seeds      %s%n", String.join(" ", state.seeds()));
      out.printf(
          Locale.ROOT,
          "output     %s (%,d bytes committed, %,d bytes on disk)%n",
          state.output(),
          state.committedOffset(),
          Files.exists(state.output()) ? Files.size(state.output()) : 0);
      java.util.Map<String, Long> parts = state.committedParts();
      if (!parts.isEmpty()) {
        out.printf(
            Locale.ROOT,
            "parts      %,d nodes' parts, %,d bytes committed (read all with: crawl merge %s)%n",
            parts.size(),
            parts.values().stream().mapToLong(Long::longValue).sum(),
            state.output());
      }
      io.akkacrawler.warc.WarcPosition warc = state.committedWarc();
      if (warc != null) {
        out.printf(
            Locale.ROOT, "warc       %s (%,d bytes committed)%n", warc.file(), warc.offset());
      }
      if (parts.isEmpty()) {
        Outcomes o = Outcomes.count(state.output(), state.committedOffset());
        out.printf(
            Locale.ROOT,
            "records    %,d committed: %,d fetched, %,d skipped, %,d failed%n",
            state.committedRecords(),
            o.fetched,
            o.skipped,
            o.failed);
      } else { // the outcomes are in the nodes' parts
        out.printf(Locale.ROOT, "records    %,d committed%n", state.committedRecords());
      }
      out.printf(
          Locale.ROOT,
          "queued     %s on %s (in flight at a stop included)%n",
          SummaryPrinter.count(queued[0], "URL"),
          SummaryPrinter.count(hosts.size(), "host"));
      long disk = state.store().diskBytes();
      out.printf(
          Locale.ROOT, "store      %s on disk (%,d bytes)%n", SummaryPrinter.size(disk), disk);
    }
    return ExitCodes.OK;
  }

  /** Outcomes of the committed records, counted from the output file itself. */
  static final class Outcomes {
    long fetched;
    long skipped;
    long failed;

    static Outcomes count(Path output, long committed) throws java.io.IOException {
      Outcomes o = new Outcomes();
      if (!Files.exists(output)) {
        return o;
      }
      try (var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  new java.io.BufferedInputStream(
                      new BoundedInput(Files.newInputStream(output), committed)),
                  java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.contains("\"outcome\":\"fetched\"")) {
            o.fetched++;
          } else if (line.contains("\"outcome\":\"skipped\"")) {
            o.skipped++;
          } else if (line.contains("\"outcome\":\"failed\"")) {
            o.failed++;
          }
        }
      }
      return o;
    }
  }

  /** The first {@code limit} bytes of a stream. */
  private static final class BoundedInput extends java.io.FilterInputStream {
    private long left;

    BoundedInput(java.io.InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws java.io.IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}

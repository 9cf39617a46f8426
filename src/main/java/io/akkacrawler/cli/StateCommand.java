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
      out.printf(
          Locale.ROOT,
          "queued     %,d URLs on %,d hosts (in flight at a stop included)%n",
          queued[0],
          hosts.size());
      out.printf(Locale.ROOT, "store      %,d MB on disk%n", state.store().diskBytes() >> 20);
    }
    return ExitCodes.OK;
  }
}

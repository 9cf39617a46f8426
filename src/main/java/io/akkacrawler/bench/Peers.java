package io.akkacrawler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The crawlers ours is compared with, each run as an outside process on the same site: the Python
 * multiprocessing crawler of the project's seed ({@code bench/peers/mp_crawler.py}) and {@code wget
 * -r} (one connection). Each is timed by the wall clock of its whole process, interpreter start
 * included, as our crawl is; its CPU is its process tree's (bash's {@code times}).
 */
public final class Peers {
  /** The peers by the names {@code --peers} takes, in the order they run. */
  public static final List<String> NAMES = List.of("python", "wget");

  /** What a peer run measured, and the URLs it fetched (for recall; empty when unknown). */
  public record Outcome(RunResult result, List<String> urls) {}

  /** A peer ready to run, or the one-line reason it is skipped. */
  public record Peer(String name, String run, String program, String skipped) {
    boolean available() {
      return skipped == null;
    }
  }

  private static final Pattern TIMES = Pattern.compile("(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s");
  private static final Pattern WGET_FETCHED =
      Pattern.compile(" URL: ?(\\S+) \\[(\\d+)(?:/\\d+)?\\]");
  private static final Pattern WGET_ERROR = Pattern.compile(" ERROR \\d{3}");
  private static final long PROBE_SECONDS = 30;
  private static final long RUN_MINUTES = 30;

  private Peers() {}

  /** The named peers, each probed: an unknown name is an error, a missing program a skip. */
  public static List<Peer> probe(List<String> names) {
    List<Peer> peers = new ArrayList<>();
    for (String name : names) {
      peers.add(
          switch (name) {
            case "python" -> python();
            case "wget" -> wget();
            default ->
                throw new SettingsException(
                    "unknown peer " + name + " (known: " + String.join(", ", NAMES) + ")");
          });
    }
    return peers;
  }

  private static Peer python() {
    // The interpreter itself rather than a launcher shim (pyenv's costs ~50 ms a start).
    List<String> out =
        output(List.of("python3", "-c", "import sys, requests; print(sys.executable)"));
    return out == null || out.isEmpty()
        ? new Peer("python", "python mp", null, "python3 with the requests module is not installed")
        : new Peer("python", "python mp", out.get(out.size() - 1).trim(), null);
  }

  private static Peer wget() {
    return output(List.of("wget", "--version")) == null
        ? new Peer("wget", "wget -r", null, "wget is not installed")
        : new Peer("wget", "wget -r", "wget", null);
  }

  /** Runs an available peer from {@code entry}, in a directory of its own under {@code work}. */
  public static Outcome run(Peer peer, String entry, Path work) throws Exception {
    Path dir = Files.createTempDirectory(work, peer.name() + "-");
    Path log = dir.resolve("log.txt");
    List<String> command = new ArrayList<>();
    if (peer.name().equals("python")) {
      Path script = dir.resolve("mp_crawler.py");
      try (InputStream in = Peers.class.getResourceAsStream("/bench/peers/mp_crawler.py")) {
        Files.write(script, in.readAllBytes());
      }
      command.addAll(
          List.of(
              peer.program(),
              script.toString(),
              entry,
              "--urls-out",
              dir.resolve("urls.txt").toString()));
    } else {
      // Only <a href>, as ours and the Python crawler: wget -r alone also fetches images,
      // stylesheets and scripts.
      command.addAll(
          List.of(
              peer.program(),
              "-r",
              "-l",
              "inf",
              "-np",
              "-nd",
              "--delete-after",
              "-nv",
              "--follow-tags=a",
              "-e",
              "robots=off",
              "-o",
              log.toString(),
              entry));
    }
    Path times = dir.resolve("times.txt");
    List<String> wrapped =
        new ArrayList<>(List.of("bash", "-c", "\"$@\"; rc=$?; times > \"$0\"; exit $rc"));
    wrapped.add(times.toString());
    wrapped.addAll(command);
    Path output = dir.resolve("output.txt");
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(wrapped)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!p.waitFor(RUN_MINUTES, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException(peer.run() + " ran for " + RUN_MINUTES + " minutes");
    }
    int exit = p.exitValue();
    double wall = (System.nanoTime() - start) / 1e9;
    double cpuMs = Files.exists(times) ? childCpuMs(Files.readAllLines(times)) : -1;
    List<String> printed = Files.readAllLines(output, StandardCharsets.UTF_8);
    Outcome outcome =
        peer.name().equals("python")
            ? python(peer, printed, dir.resolve("urls.txt"), wall, cpuMs)
            : wget(peer.run(), Files.readAllLines(log, StandardCharsets.UTF_8), wall, cpuMs);
    // wget exits 8 when some response was an HTTP error (a broken link): the crawl still ran.
    boolean failed = peer.name().equals("python") ? exit != 0 : exit != 0 && exit != 8;
    if (failed || outcome.result().pages() == 0) {
      List<String> last = printed.subList(Math.max(0, printed.size() - 5), printed.size());
      throw new IllegalStateException(
          peer.run() + " failed (exit " + exit + "): " + String.join(" | ", last));
    }
    return outcome;
  }

  private static Outcome python(
      Peer peer, List<String> printed, Path urlsFile, double wall, double cpuMs)
      throws IOException {
    JsonNode summary = null;
    for (String line : printed) {
      if (line.startsWith("{")) {
        summary = new ObjectMapper().readTree(line);
      }
    }
    if (summary == null) {
      return new Outcome(new RunResult(peer.run(), 0, 0, wall, cpuMs, -1, -1, wall), List.of());
    }
    RunResult result =
        new RunResult(
            peer.run(),
            summary.get("pages").asLong(),
            summary.get("bytes").asLong(),
            summary.get("seconds").asDouble(),
            cpuMs,
            -1,
            -1,
            wall);
    return new Outcome(result, Files.readAllLines(urlsFile, StandardCharsets.UTF_8));
  }

  /** wget has no timer of its own worth the name: its pages/s are by the wall clock. */
  static Outcome wget(String run, List<String> log, double wall, double cpuMs) {
    List<String> urls = new ArrayList<>();
    long bytes = 0;
    long errors = 0;
    for (String line : log) {
      Matcher m = WGET_FETCHED.matcher(line);
      if (m.find()) {
        urls.add(m.group(1));
        bytes += Long.parseLong(m.group(2));
      } else if (WGET_ERROR.matcher(line).find()) {
        errors++;
      }
    }
    RunResult result = new RunResult(run, urls.size() + errors, bytes, wall, cpuMs, -1, -1, wall);
    return new Outcome(result, urls);
  }

  /**
   * User + system CPU of the children bash waited for (the peer's whole process tree), from the two
   * lines of bash's {@code times}; -1 when unreadable.
   */
  static double childCpuMs(List<String> times) {
    Matcher m = times.size() < 2 ? null : TIMES.matcher(times.get(1));
    if (m == null || !m.find()) {
      return -1;
    }
    return 1000
        * (60 * Long.parseLong(m.group(1))
            + Double.parseDouble(m.group(2))
            + 60 * Long.parseLong(m.group(3))
            + Double.parseDouble(m.group(4)));
  }

  /** What a short command prints, or null when it cannot run or fails. */
  private static List<String> output(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] printed = p.getInputStream().readAllBytes();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        return null;
      }
      return new String(printed, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

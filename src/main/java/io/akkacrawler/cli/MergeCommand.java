package io.akkacrawler.cli;

import io.akkacrawler.collect.OutputParts;
import io.akkacrawler.config.SettingsException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crawl merge FILE}: the records of a cluster crawl run with {@code --parts}, as one stream:
 * the coordinator's FILE, then each node's part up to its committed length (FILE.parts.json).
 */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Print every record of a cluster crawl run with --parts: the coordinator's FILE, then each"
          + " node's part up to the length its FILE.parts.json commits (a part may be longer:"
          + " records after that length were done again elsewhere).",
      "A part is read where its node wrote it, else next to FILE or in a --parts-dir."
    })
final class MergeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The coordinator's output (its -o).")
  Path file;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "OUT",
      description = "Write the records to OUT (default: stdout).")
  Path output;

  @Option(
      names = "--warc-dir",
      paramLabel = "DIR",
      description =
          "Also copy each node's WARC files (a crawl with --warc) into DIR, each up to its"
              + " committed length.")
  Path warcDir;

  @Option(
      names = "--parts-dir",
      paramLabel = "DIR",
      description = "Also look for the parts in DIR (repeatable): copies from other machines.")
  List<Path> partsDirs = new ArrayList<>();

  private final PrintStream out;

  MergeCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    Path manifest = OutputParts.manifestOf(file);
    if (!Files.exists(manifest)) {
      throw new SettingsException("no " + manifest + ": was " + file + " written with --parts?");
    }
    Map<String, Long> parts;
    try {
      parts = OutputParts.readManifest(manifest);
    } catch (IOException | RuntimeException e) {
      throw new SettingsException("cannot read " + manifest + ": " + e.getMessage());
    }
    List<Map.Entry<Path, Long>> sources = new ArrayList<>();
    List<Map.Entry<Path, Long>> warcs = new ArrayList<>();
    parts.forEach(
        (part, committed) -> {
          boolean warc = part.endsWith(".warc.gz"); // a node's WARC file, not records
          if (!warc || warcDir != null) {
            (warc ? warcs : sources).add(Map.entry(find(Path.of(part), committed), committed));
          }
        });
    if (warcDir != null) {
      try {
        copyWarcs(warcs);
      } catch (IOException e) {
        String why = e instanceof java.nio.file.FileSystemException f ? f.getReason() : null;
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
          why = "not a directory";
        } else if (e instanceof NoSuchFileException) {
          why = "no such directory";
        }
        throw new SettingsException(
            "cannot copy the WARC files into " + warcDir + ": " + (why == null ? e : why));
      }
    }
    try {
      if (output == null) {
        write(sources, out);
      } else {
        try (OutputStream to = Files.newOutputStream(output.toAbsolutePath().normalize())) {
          write(sources, to);
        }
      }
    } catch (NoSuchFileException e) {
      throw new SettingsException("file not found: " + e.getFile());
    }
    return ExitCodes.OK;
  }

  private void write(List<Map.Entry<Path, Long>> sources, OutputStream target) throws IOException {
    OutputStream to = new BufferedOutputStream(target, 1 << 16);
    copy(file, Files.size(file), to);
    for (Map.Entry<Path, Long> part : sources) {
      copy(part.getKey(), part.getValue(), to);
    }
    to.flush();
  }

  /** Each WARC file's committed bytes into the --warc-dir (a file of the same name). */
  private void copyWarcs(List<Map.Entry<Path, Long>> warcs) throws IOException {
    Path dir = warcDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    for (Map.Entry<Path, Long> w : warcs) {
      Path target = dir.resolve(w.getKey().getFileName());
      if (target.toAbsolutePath().normalize().equals(w.getKey().toAbsolutePath().normalize())) {
        throw new SettingsException("--warc-dir " + warcDir + " holds the WARC files themselves");
      }
      try (OutputStream to = Files.newOutputStream(target)) {
        copy(w.getKey(), w.getValue(), to);
      }
    }
  }

  /** Where a part is: where its node wrote it, next to the output, or in a --parts-dir. */
  private Path find(Path part, long committed) {
    List<Path> candidates = new ArrayList<>();
    candidates.add(part);
    Path name = part.getFileName();
    candidates.add(file.toAbsolutePath().resolveSibling(name));
    partsDirs.forEach(d -> candidates.add(d.resolve(name)));
    for (Path p : candidates) {
      long size = p.toFile().length(); // 0 when missing
      if (Files.isRegularFile(p)) {
        if (size < committed) {
          throw new SettingsException(
              p + " is shorter (" + size + " bytes) than its committed length (" + committed + ")");
        }
        return p;
      }
    }
    throw new SettingsException(
        "part " + name + " not found (copy it next to " + file + " or give --parts-dir)");
  }

  private static void copy(Path from, long length, OutputStream to) throws IOException {
    try (InputStream in = Files.newInputStream(from)) {
      byte[] buffer = new byte[1 << 16];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        to.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}

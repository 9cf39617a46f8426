package io.akkacrawler.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line run in this JVM, for tests: its exit code and what it printed on stderr. */
record CliRun(int code, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static CliRun of(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            args,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Cli.Signals.manual());
    return new CliRun(code, err.toString(StandardCharsets.UTF_8));
  }

  /** The {@code url} of each record of a JSON Lines output, in order. */
  static List<String> urls(Path output) throws IOException {
    List<String> urls = new ArrayList<>();
    for (String line : Files.readAllLines(output)) {
      urls.add(JSON.readTree(line).get("url").asText());
    }
    return urls;
  }
}

package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.client.TestCertificates;
import io.akkacrawler.demo.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The options that shape requests: a bad value is one line naming the option, exit 2. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliFetchOptionsTest {
  private static final String SEED = "http://127.0.0.1:9/";

  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.run(
        args,
        new PrintStream(OutputStream.nullOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Cli.Signals.manual());
  }

  private void assertRefused(String expected, String... args) {
    assertEquals(ExitCodes.USAGE, run(args), err.toString(StandardCharsets.UTF_8));
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, lines.size(), lines.toString());
    assertEquals("error: " + expected, lines.get(0));
  }

  @ParameterizedTest(name = "[{index}] --header ''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "Host: example.com | --header 'Host: example.com': Host is set by the crawler and cannot be"
            + " changed",
        "content-length: 5 | --header 'content-length: 5': content-length is set by the crawler and"
            + " cannot be changed",
        "Accept-Encoding: br | --header 'Accept-Encoding: br': Accept-Encoding is set by the crawler"
            + " and cannot be changed (it asks only for the encodings it decodes: gzip, deflate)",
        "Connection: close | --header 'Connection: close': Connection is set by the crawler and"
            + " cannot be changed",
        "Proxy-Authorization: x | --header 'Proxy-Authorization: x': Proxy-Authorization is set by"
            + " the crawler and cannot be changed (give the proxy's credentials in --proxy"
            + " http://user:password@host:port)",
        "Accept Language: de | --header 'Accept Language: de': 'Accept Language' is not a header"
            + " name",
        "X-Token | --header takes 'NAME: VALUE' (got 'X-Token')",
      })
  void refusesHeadersThatTheCrawlerOwnsOrThatAreMalformed(String header, String expected) {
    assertRefused(expected, "--header", header, SEED);
  }

  @Test
  void refusesTheCrawlersOwnHeadersInTheConfigToo() {
    assertRefused(
        "crawler.fetch.headers: Host is set by the crawler and cannot be changed",
        "--set",
        "fetch.headers.Host=example.com",
        SEED);
  }

  @Test
  void refusesAProxyThatIsNotAnHttpProxyWithoutShowingItsPassword() {
    assertRefused(
        "--proxy: only http:// proxies are supported (got 'socks5://***@proxy:1080'); https URLs"
            + " go through them with CONNECT",
        "--proxy",
        "socks5://me:secret@proxy:1080",
        SEED);
    err.reset();
    assertRefused(
        "--proxy: 'http://proxy:3128/path' is not a proxy URL (http://[user:password@]host:port)",
        "--proxy",
        "http://proxy:3128/path",
        SEED);
  }

  @Test
  void refusesAnUnknownHttpVersion() {
    assertRefused(
        "--http-version: '3' is not an HTTP version (auto, 1.1 or 2)", "--http-version", "3", SEED);
    err.reset();
    assertRefused(
        "crawler.fetch.http-version: 'h3' is not an HTTP version (auto, 1.1 or 2)",
        "--set",
        "fetch.http-version=h3",
        SEED);
  }

  @Test
  void refusesACaFileThatIsMissingOrNotPem() throws IOException {
    Path missing = dir.resolve("missing.pem");
    assertRefused("--ca-file: no such file: " + missing, "--ca-file", missing.toString(), SEED);
    err.reset();
    Path text = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
    assertRefused(
        "--ca-file: " + text + " is not a PEM file of certificates (No certificate data found)",
        "--ca-file",
        text.toString(),
        SEED);
  }

  @Test
  void refusesACookiesFileItCannotRead() throws IOException {
    Path missing = dir.resolve("missing.txt");
    assertRefused("cookies file not found: " + missing, "--cookies", missing.toString(), SEED);
    err.reset();
    Path bad =
        Files.writeString(
            dir.resolve("cookies.txt"), "# Netscape HTTP Cookie File\nexample.com TRUE / x\n");
    assertRefused(
        "--cookies "
            + bad
            + " line 2: not a cookies.txt line (7 fields separated by tabs: domain, include"
            + " subdomains, path, secure, expiry, name, value)",
        "--cookies",
        bad.toString(),
        SEED);
    err.reset();
    assertRefused(
        "--cookies cannot go with --no-cookies (or fetch.cookies = false)",
        "--no-cookies",
        "--cookies",
        bad.toString(),
        SEED);
  }

  @Test
  void theSummarySaysWhenCertificatesWereNotChecked() throws IOException {
    try (LoopbackServer https =
        LoopbackServer.startHttps(
            TestCertificates.serverContext(TestCertificates.get().selfSigned),
            ex -> LoopbackServer.html(ex, "<title>Self-signed</title>"))) {
      assertEquals(ExitCodes.OK, run("-q", "--insecure", https.url("/")));
      String summary = err.toString(StandardCharsets.UTF_8);
      assertTrue(summary.contains("fetched 1 |"), summary);
      assertTrue(summary.contains("  TLS certificates were NOT checked (--insecure)"), summary);
    }
  }
}

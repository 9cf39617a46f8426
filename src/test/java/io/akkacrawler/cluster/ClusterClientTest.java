package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.ChildJvm;
import io.akkacrawler.cli.ExitCodes;
import io.akkacrawler.demo.LoopbackServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster crawl (every node a JVM of its own) fetches like one client: the coordinator's --header
 * and --cookies reach the site from every worker, and a cookie that a page fetched by one worker
 * set goes with the pages that the other worker fetches.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@Tag("slow")
class ClusterClientTest {
  private static final int MEMBER_PAGES = 40;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private LoopbackServer server;
  private final List<Process> processes = new ArrayList<>();

  private final java.util.concurrent.CountDownLatch bothJoined =
      new java.util.concurrent.CountDownLatch(1);

  /** The User-Agent (which names the worker) of each member page's accepted request. */
  private final Map<String, String> fetchedBy = new ConcurrentHashMap<>();

  @AfterEach
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
    if (server != null) {
      server.close();
    }
  }

  private void startSite() throws IOException {
    StringBuilder home = new StringBuilder("<title>Home</title>");
    for (int i = 0; i < MEMBER_PAGES; i++) {
      home.append("<a href=\"/m/").append(i).append("\">").append(i).append("</a>");
    }
    server =
        LoopbackServer.start(
            ex -> {
              String path = ex.getRequestURI().getPath();
              if (path.equals("/")) {
                await(bothJoined); // so that both workers are there for the member pages
                ex.getResponseHeaders().add("Set-Cookie", "session=s3; Path=/");
                LoopbackServer.html(ex, home.toString());
                return;
              }
              if (!path.startsWith("/m/")) {
                LoopbackServer.send(ex, 404, "text/plain", new byte[0]);
                return;
              }
              sleep(20); // the member pages spread over the four slots of the two workers
              String cookie = String.valueOf(ex.getRequestHeaders().getFirst("Cookie"));
              boolean member =
                  cookie.contains("session=s3")
                      && cookie.contains("pref=from-file")
                      && "cluster".equals(ex.getRequestHeaders().getFirst("X-Crawl"));
              if (member) {
                fetchedBy.put(path, ex.getRequestHeaders().getFirst("User-Agent"));
                LoopbackServer.html(ex, "<title>Member page</title>");
              } else {
                LoopbackServer.send(
                    ex, 403, "text/html", "<title>No</title>".getBytes(StandardCharsets.UTF_8));
              }
            });
  }

  private Process start(List<String> args, String log) throws IOException {
    Process p =
        ChildJvm.start(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), args, dir.resolve(log));
    processes.add(p);
    return p;
  }

  @Test
  void everyWorkerSendsTheCrawlsHeadersAndItsOneCookieJar() throws Exception {
    startSite();
    Path cookies = dir.resolve("cookies.txt");
    Files.writeString(cookies, "127.0.0.1\tFALSE\t/\tFALSE\t0\tpref\tfrom-file\n");
    Path out = dir.resolve("out.jsonl");
    int port = freePort();
    Process coordinator =
        start(
            List.of(
                "--cluster-port",
                Integer.toString(port),
                "--no-fetch",
                "-q",
                "--delay",
                "0",
                "--per-host",
                "4",
                "--max-in-flight",
                "8",
                "--timeout",
                "150s", // the first worker's requests wait for the second worker to join
                "--set",
                "dispatch-deadline=200s",
                "--header",
                "X-Crawl: cluster",
                "--cookies",
                cookies.toString(),
                "--set",
                "cluster.stable-after=3s",
                "-o",
                out.toString(),
                server.url("/")),
            "coordinator.log");
    for (String name : List.of("worker-a", "worker-b")) {
      start(
          List.of(
              "worker",
              "--join",
              "127.0.0.1:" + port,
              "--cluster-port",
              Integer.toString(freePort()),
              "--set",
              "cluster.slots=2",
              "--set",
              "fetch.user-agent=" + name, // this node's own setting, to tell the workers apart
              "--set",
              "cluster.join-timeout=8s"),
          name + ".log");
    }
    for (String name : List.of("worker-a", "worker-b")) {
      awaitLog(name + ".log", "Fetching for the crawl");
    }
    bothJoined.countDown();
    assertTrue(
        coordinator.waitFor(240, TimeUnit.SECONDS),
        Files.readString(dir.resolve("coordinator.log")));
    assertEquals(
        ExitCodes.OK, coordinator.exitValue(), Files.readString(dir.resolve("coordinator.log")));

    List<String> lines = Files.readAllLines(out);
    assertEquals(MEMBER_PAGES + 1, lines.size());
    for (String line : lines) {
      JsonNode r = JSON.readTree(line);
      assertEquals(200, r.get("status").asInt(), line);
    }
    assertEquals(MEMBER_PAGES, fetchedBy.size());
    assertEquals(
        2,
        fetchedBy.values().stream().distinct().count(),
        "both workers fetched member pages with the crawl's cookies: " + fetchedBy);
  }

  @Test
  void aWorkerThatCannotUseTheCrawlsCaFileSaysSoInOneLine() throws Exception {
    startSite();
    Path ca = dir.resolve("ca.pem");
    Files.copy(io.akkacrawler.client.TestCertificates.get().caPem, ca);
    int port = freePort();
    Process coordinator =
        start(
            List.of(
                "--cluster-port",
                Integer.toString(port),
                "--no-fetch",
                "-q",
                "--ca-file",
                ca.toString(),
                "-o",
                dir.resolve("out.jsonl").toString(),
                server.url("/")),
            "coordinator.log");
    awaitLog("coordinator.log", "Coordinating the crawl at");
    Files.delete(ca); // as on a machine where the file is not
    Process worker =
        start(
            List.of(
                "worker",
                "--join",
                "127.0.0.1:" + port,
                "--cluster-port",
                Integer.toString(freePort()),
                "-q"),
            "worker.log");
    assertTrue(worker.waitFor(120, TimeUnit.SECONDS), Files.readString(dir.resolve("worker.log")));
    assertEquals(ExitCodes.USAGE, worker.exitValue());
    List<String> errors =
        Files.readAllLines(dir.resolve("worker.log")).stream()
            .filter(l -> l.startsWith("error: "))
            .toList();
    assertEquals(
        List.of(
            "error: the crawl's settings cannot be used on this node:"
                + " crawler.fetch.tls.ca-file: no such file: "
                + ca),
        errors);
    coordinator.destroy();
  }

  private void awaitLog(String name, String text) throws Exception {
    Path log = dir.resolve(name);
    ChildJvm.await(
        Duration.ofSeconds(120),
        () -> "no '" + text + "' in " + name,
        () -> Files.exists(log) && Files.readString(log).contains(text));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

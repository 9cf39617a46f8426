package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.HttpExchange;
import io.akkacrawler.warc.WarcEncoder;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.netpreserve.jwarc.WarcTruncationReason;

/**
 * A fetcher's answer carries its exchanges as WARC records within the node only: serialized for
 * another node, it leaves them out (they can be megabytes; Akka's frames are 256 KiB).
 */
class ArchivedExchangesStayLocalTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseResources("cluster.conf")
              .withFallback(
                  ConfigFactory.parseString(
                      "akka.remote.artery.canonical.port = 0, akka.cluster.seed-nodes = []"))
              .withFallback(ConfigFactory.load())
              .resolve());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Object roundTrip(Object message) {
    Serialization serialization = SerializationExtension.get(testKit.system());
    var serializer = serialization.findSerializerFor(message);
    byte[] bytes = serialization.serialize(message).get();
    assertTrue(bytes.length < 2_000, "no body on the wire: " + bytes.length + " bytes");
    return serialization
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
        .get();
  }

  @Test
  void answersCrossTheNetworkWithoutTheirExchanges() throws Exception {
    byte[] body = new byte[100_000];
    new java.util.Random(1).nextBytes(body); // does not compress
    ArchivedExchange x =
        new WarcEncoder()
            .encode(
                new HttpExchange(
                    "http://a.test/",
                    Instant.now(),
                    InetAddress.getByName("127.0.0.1"),
                    Map.of(),
                    200,
                    Map.of(),
                    body,
                    body.length,
                    WarcTruncationReason.NOT_TRUNCATED));
    CrawlJob job = CrawlJob.of(1, "http://a.test/", 0, null);
    FetchResult result = new FetchResult.Skipped(Reason.NON_HTML, 200);

    Fetcher.Fetched fetched = new Fetcher.Fetched(3, job, result, null, List.of(x));
    assertEquals(new Fetcher.Fetched(3, job, result), roundTrip(fetched));

    RobotsFetched robots = new RobotsFetched(null, 404, null, 2);
    assertEquals(
        new Fetcher.RobotsAnswered("http://a.test:80", 4, robots),
        roundTrip(new Fetcher.RobotsAnswered("http://a.test:80", 4, robots, List.of(x))));

    SitemapReader.Sitemap sitemap = new SitemapReader.Sitemap(List.of(), List.of(), "http-404");
    assertEquals(
        new Fetcher.SitemapAnswered("http://a.test:80", "http://a.test/s.xml", 5, sitemap, 1),
        roundTrip(
            new Fetcher.SitemapAnswered(
                "http://a.test:80", "http://a.test/s.xml", 5, sitemap, 1, List.of(x))));
  }
}

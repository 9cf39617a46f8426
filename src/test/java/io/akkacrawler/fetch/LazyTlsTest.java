package io.akkacrawler.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class LazyTlsTest {
  @Test
  void theClientGetsTheDefaultContextsParametersSoHttp2CanBeNegotiated() throws Exception {
    SSLParameters expected = SSLContext.getDefault().getDefaultSSLParameters();
    // What the JDK client reads from its copy when it opens a TLS connection: without the
    // protocols it would never offer HTTP/2, without the suites it would offer the wrong ones.
    SSLParameters got =
        HttpClient.newBuilder().sslContext(LazyTls.defaultContext()).build().sslParameters();
    assertNotNull(got.getProtocols());
    assertArrayEquals(expected.getProtocols(), got.getProtocols());
    assertArrayEquals(expected.getCipherSuites(), got.getCipherSuites());
    assertEquals(
        expected.getEndpointIdentificationAlgorithm(), got.getEndpointIdentificationAlgorithm());
    assertEquals(expected.getMaximumPacketSize(), got.getMaximumPacketSize());
  }

  @Test
  void itsEnginesAreTheDefaultContextsForTheHostAsked() throws Exception {
    SSLEngine engine = LazyTls.defaultContext().createSSLEngine("example.org", 443);
    assertEquals("example.org", engine.getPeerHost());
    assertEquals(443, engine.getPeerPort());
    assertArrayEquals(
        SSLContext.getDefault().createSSLEngine().getEnabledProtocols(),
        engine.getEnabledProtocols());
  }
}

package io.akkacrawler.fetch;

import java.security.AlgorithmConstraints;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JVM's default TLS context, made when the first {@code https} connection needs it rather than
 * when the HTTP client is built. Making it loads the TLS machinery and parses every trusted CA
 * certificate: some 150 ms of CPU at launch (on 2 cores, a quarter of a two-page crawl's start-up),
 * spent for nothing by a crawl of {@code http} sites. The JDK's client asks its context for the
 * default parameters when it is built and reads them only when it opens a TLS connection, so both
 * the context and its parameters here defer to the default context on first use.
 */
final class LazyTls {
  private LazyTls() {}

  /** A context that is the JVM's default one, made on first use. */
  static SSLContext defaultContext() {
    return new Context(new Spi());
  }

  /** The default context (cached by the JDK); a failure to make it fails the connection. */
  private static SSLContext real() {
    try {
      return SSLContext.getDefault();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static final class Context extends SSLContext {
    Context(Spi spi) {
      super(spi, null, "Default");
    }
  }

  private static final class Spi extends SSLContextSpi {
    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
        throws KeyManagementException {
      throw new KeyManagementException("the default TLS context is initialized by the JVM");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return new Parameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return real().getSupportedSSLParameters();
    }
  }

  /**
   * The default context's default parameters, read when first asked for. What the JDK's client
   * copies from them is all here; the rest (server names, SNI matchers, the server's cipher order)
   * it sets itself or a client does not use.
   */
  private static final class Parameters extends SSLParameters {
    private SSLParameters real;

    private synchronized SSLParameters real() {
      if (real == null) {
        real = LazyTls.real().getDefaultSSLParameters();
      }
      return real;
    }

    @Override
    public String[] getCipherSuites() {
      return real().getCipherSuites();
    }

    @Override
    public String[] getProtocols() {
      return real().getProtocols();
    }

    @Override
    public boolean getWantClientAuth() {
      return real().getWantClientAuth();
    }

    @Override
    public boolean getNeedClientAuth() {
      return real().getNeedClientAuth();
    }

    @Override
    public AlgorithmConstraints getAlgorithmConstraints() {
      return real().getAlgorithmConstraints();
    }

    @Override
    public String getEndpointIdentificationAlgorithm() {
      return real().getEndpointIdentificationAlgorithm();
    }

    @Override
    public boolean getEnableRetransmissions() {
      return real().getEnableRetransmissions();
    }

    @Override
    public int getMaximumPacketSize() {
      return real().getMaximumPacketSize();
    }

    @Override
    public String[] getApplicationProtocols() {
      return real().getApplicationProtocols();
    }
  }
}

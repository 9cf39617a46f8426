package io.akkacrawler.fetch;

import io.akkacrawler.config.SettingsException;
import io.akkacrawler.config.TlsSettings;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context of a crawl's HTTP client: the JVM's default, one that also trusts the CAs of a
 * PEM file, or (insecure) one that accepts any certificate and any host name.
 */
final class TlsContexts {
  private TlsContexts() {}

  static SSLContext of(TlsSettings tls) {
    try {
      if (tls.insecure()) {
        return context(new AcceptAll());
      }
      if (tls.caFile() == null) {
        return LazyTls.defaultContext();
      }
      List<X509Certificate> cas = TlsSettings.readCertificates(tls.caFile(), "--ca-file");
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      return context(new Either(trustManager(null), trustManager(store)));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new SettingsException("cannot set up TLS: " + e.getMessage());
    }
  }

  private static SSLContext context(TrustManager trust) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);
    return context;
  }

  /** The trust manager of {@code store}; the JVM's default trusted CAs when it is null. */
  private static X509ExtendedTrustManager trustManager(KeyStore store)
      throws GeneralSecurityException {
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    for (TrustManager m : f.getTrustManagers()) {
      if (m instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  /** Trusts what either trusts; host names are checked by both, as usual. */
  private static final class Either extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager jvm;
    private final X509ExtendedTrustManager added;

    Either(X509ExtendedTrustManager jvm, X509ExtendedTrustManager added) {
      this.jvm = jvm;
      this.added = added;
    }

    private interface Check {
      void run(X509ExtendedTrustManager m) throws CertificateException;
    }

    private void either(Check check) throws CertificateException {
      try {
        check.run(jvm);
      } catch (CertificateException notByTheJvm) {
        try {
          check.run(added);
        } catch (CertificateException notByTheFile) {
          // The chain leads to the added CA when that one says something else than "unknown
          // issuer" (expired, wrong name): that says what is wrong.
          throw TlsErrors.unknownIssuer(notByTheFile) ? notByTheJvm : notByTheFile;
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      either(m -> m.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      either(m -> m.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      either(m -> m.checkClientTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      X509Certificate[] a = jvm.getAcceptedIssuers();
      X509Certificate[] b = added.getAcceptedIssuers();
      X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return all;
    }
  }

  /**
   * Accepts every certificate. Extended, so that the TLS engine does not add its own host name
   * check (it does for a plain {@link X509TrustManager}).
   */
  private static final class AcceptAll extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

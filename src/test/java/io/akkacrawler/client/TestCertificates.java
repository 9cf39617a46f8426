package io.akkacrawler.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates for the TLS tests, made with the JDK's {@code keytool} at test time in a temporary
 * directory (deleted when the JVM exits; no private key is committed): a test CA, server
 * certificates it signed (valid for localhost, 127.0.0.1 and site.internal; expired; for another
 * name), and a self-signed one. Made once per JVM, on first use.
 */
public final class TestCertificates {
  static final String PASSWORD = "changeit";

  /** The names every good certificate is valid for. */
  private static final String NAMES = "SAN=dns:localhost,dns:site.internal,ip:127.0.0.1";

  private static TestCertificates instance;

  private final Path dir;

  /** The test CA's certificate, PEM: what {@code --ca-file} is given. */
  public final Path caPem;

  /** Signed by the test CA, valid now for localhost, 127.0.0.1 and site.internal. */
  public final KeyStore good;

  /** Signed by the test CA, expired days ago. */
  public final KeyStore expired;

  /** Signed by the test CA, for other.example only. */
  public final KeyStore otherName;

  /** Self-signed, for localhost and 127.0.0.1. */
  public final KeyStore selfSigned;

  private TestCertificates(Path dir) throws Exception {
    this.dir = dir;
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-dname",
        "CN=akka-crawler test CA",
        "-ext",
        "bc:c",
        "-validity",
        "30",
        "-keystore",
        "ca.p12");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    this.caPem = dir.resolve("ca.pem");
    // The three signed certificates are made side by side: keytool is a JVM start each time.
    CompletableFuture<KeyStore> goodCert = async(() -> signed("good", NAMES, "-validity", "30"));
    CompletableFuture<KeyStore> expiredCert =
        async(() -> signed("expired", NAMES, "-startdate", "-10d", "-validity", "2"));
    CompletableFuture<KeyStore> otherCert =
        async(() -> signed("other", "SAN=dns:other.example", "-validity", "30"));
    CompletableFuture<KeyStore> selfCert =
        async(
            () -> {
              keytool(
                  "-genkeypair",
                  "-alias",
                  "site",
                  "-dname",
                  "CN=localhost",
                  "-ext",
                  NAMES,
                  "-validity",
                  "30",
                  "-keystore",
                  "self.p12");
              return load("self.p12");
            });
    this.good = goodCert.get(120, TimeUnit.SECONDS);
    this.expired = expiredCert.get(120, TimeUnit.SECONDS);
    this.otherName = otherCert.get(120, TimeUnit.SECONDS);
    this.selfSigned = selfCert.get(120, TimeUnit.SECONDS);
  }

  /** The certificates, made on first use. */
  public static synchronized TestCertificates get() {
    if (instance == null) {
      try {
        Path dir = Files.createTempDirectory("akka-crawler-certs-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        instance = new TestCertificates(dir);
      } catch (Exception e) {
        throw new IllegalStateException("cannot make the test certificates: " + e, e);
      }
    }
    return instance;
  }

  /** A server-side TLS context presenting the certificate of {@code keyStore}. */
  public static SSLContext serverContext(KeyStore keyStore) {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  private static <T> CompletableFuture<T> async(Step<T> step) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return step.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** A key pair whose certificate the CA signed (with the CA's in its chain). */
  private KeyStore signed(String name, String san, String... validity) throws Exception {
    keytool("-genkeypair", "-alias", "site", "-dname", "CN=" + name, "-keystore", name + ".p12");
    keytool("-certreq", "-alias", "site", "-keystore", name + ".p12", "-file", name + ".csr");
    List<String> gencert =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".pem",
                "-rfc",
                "-ext",
                san));
    gencert.addAll(List.of(validity));
    keytool(gencert.toArray(String[]::new));
    KeyStore ks = load(name + ".p12");
    PrivateKey key = (PrivateKey) ks.getKey("site", PASSWORD.toCharArray());
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    Certificate leaf;
    Certificate ca;
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".pem"))) {
      leaf = x509.generateCertificate(in);
    }
    try (InputStream in = Files.newInputStream(caPem)) {
      ca = x509.generateCertificate(in);
    }
    ks.setKeyEntry("site", key, PASSWORD.toCharArray(), new Certificate[] {leaf, ca});
    return ks;
  }

  private KeyStore load(String file) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-Xshare:auto"));
    command.addAll(List.of(args));
    if (List.of(args).contains("-genkeypair")) {
      command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1"));
    }
    command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
    Path log = Files.createTempFile(dir, "keytool-", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(
          "keytool " + String.join(" ", args) + " failed: " + Files.readString(log));
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory
    }
  }
}

package io.akkacrawler.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How server certificates are checked.
 *
 * @param insecure accept any certificate and any host name
 * @param caFile a PEM file of CA certificates trusted besides the JVM's own; null for none
 */
public record TlsSettings(boolean insecure, Path caFile) {
  /**
   * The certificates of a PEM file.
   *
   * @param what names the setting or flag in the error message
   * @throws SettingsException when the file cannot be read or holds no certificate
   */
  public static List<X509Certificate> readCertificates(Path file, String what) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certs.isEmpty()) {
        throw new SettingsException(what + ": no certificate in " + file);
      }
      return certs;
    } catch (NoSuchFileException e) {
      throw new SettingsException(what + ": no such file: " + file);
    } catch (IOException e) {
      throw new SettingsException(what + ": cannot read " + file + ": " + e.getMessage());
    } catch (CertificateException e) {
      throw new SettingsException(
          what + ": " + file + " is not a PEM file of certificates (" + e.getMessage() + ")");
    }
  }
}

package io.akkacrawler.fetch;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * What was wrong with a TLS handshake, in words, read from the exception's cause chain: the
 * certificate expired, its issuer is unknown (self-signed, or a CA nobody trusts), or its names do
 * not match the host. Pure.
 */
final class TlsErrors {
  private TlsErrors() {}

  /** The record's {@code error} for a failed handshake. */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof CertificateExpiredException
          || (t instanceof CertPathValidatorException v
              && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED)) {
        return "certificate expired" + validity(t, CertificateExpiredException.class);
      }
      if (t instanceof CertificateNotYetValidException
          || (t instanceof CertPathValidatorException v
              && v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
        return "certificate not yet valid" + validity(t, CertificateNotYetValidException.class);
      }
      if (unknownIssuer(t)) {
        return "unknown issuer: the certificate is self-signed or not signed by a trusted CA"
            + " (--ca-file adds a CA, --insecure accepts any certificate)";
      }
      String lower = m.toLowerCase(Locale.ROOT);
      if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
        return "name mismatch: " + m;
      }
    }
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String m = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    return root == failure || root.getMessage() == null || m.contains(root.getMessage())
        ? m
        : m + " (" + root.getMessage() + ")";
  }

  /** " (NotAfter: ...)": the date the certificate's own exception gives, if it is in the chain. */
  private static String validity(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c) && c.getMessage() != null) {
        return " (" + c.getMessage() + ")";
      }
    }
    return "";
  }

  /** Whether the chain of {@code t} says that no path leads to a trusted CA. */
  static boolean unknownIssuer(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getClass().getName().endsWith("SunCertPathBuilderException")
          || String.valueOf(c.getMessage()).contains("unable to find valid certification path")) {
        return true;
      }
    }
    return false;
  }
}

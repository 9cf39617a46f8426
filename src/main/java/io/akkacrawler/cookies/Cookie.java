package io.akkacrawler.cookies;

/**
 * One stored cookie (RFC 6265, section 5.3), as the crawl's jar keeps it and saves it with the
 * crawl's state.
 *
 * @param domain lower-case, without a leading dot: the host that set it ({@code hostOnly}) or the
 *     domain it was set for
 * @param hostOnly sent to {@code domain} only, not to its subdomains
 * @param secure sent over https only
 * @param expiresAt when it expires, in epoch milliseconds; -1 for a session cookie (which lasts as
 *     long as the crawl, resumes included)
 * @param created epoch milliseconds; older cookies go first among those of the same path length
 */
public record Cookie(
    String name,
    String value,
    String domain,
    boolean hostOnly,
    String path,
    boolean secure,
    long expiresAt,
    long created) {

  /** Whether it has expired at {@code nowMs}. */
  public boolean expired(long nowMs) {
    return expiresAt >= 0 && expiresAt <= nowMs;
  }

  /** Same name, domain and path: a new one replaces the old one. */
  boolean sameSlot(Cookie other) {
    return name.equals(other.name) && domain.equals(other.domain) && path.equals(other.path);
  }

  /** Bytes of its name and value, which RFC 6265 lets a jar limit to 4096. */
  int size() {
    return name.length() + value.length();
  }
}

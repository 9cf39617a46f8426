package io.akkacrawler.fetch;

import io.akkacrawler.config.ProxySettings;
import java.io.IOException;

/**
 * A request that failed at its proxy, not at the host it was for: the proxy could not be reached,
 * or it answered the tunnel's {@code CONNECT} for an https URL itself. Its message names the proxy,
 * so a crawl behind a mistyped proxy address or password says so.
 */
final class ProxyException extends IOException {
  /** The proxy could not be reached: {@code cause} says how. */
  ProxyException(ProxySettings.Endpoint proxy, Throwable cause) {
    super("proxy " + address(proxy) + ": " + PageProcessor.connectDetail(cause), cause);
  }

  /**
   * The proxy answered the tunnel's {@code CONNECT} ({@code tunnel}), or a plain http request, with
   * {@code status} (a 407: it wants credentials).
   */
  ProxyException(ProxySettings.Endpoint proxy, int status, boolean tunnel) {
    super(
        "proxy "
            + address(proxy)
            + (tunnel ? " refused the tunnel: " : " refused the request: ")
            + status
            + (status == 407 ? " (proxy authentication required)" : ""));
  }

  private static String address(ProxySettings.Endpoint proxy) {
    return proxy == null ? "(unknown)" : proxy.host() + ":" + proxy.port();
  }
}

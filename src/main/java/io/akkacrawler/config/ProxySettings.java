package io.akkacrawler.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where requests go: through an HTTP proxy (CONNECT for https) or straight to the server.
 *
 * @param proxy the proxy for every request; null to take the {@code http_proxy}, {@code
 *     https_proxy} and {@code no_proxy} environment variables of the node that fetches
 * @param noProxy hosts reached directly, as in {@code no_proxy}: names (which cover their
 *     subdomains; a leading dot is allowed), IP addresses, or {@code *} for every host
 * @param user proxy user name when the proxy's URL has none ("" for none)
 * @param password its password
 */
public record ProxySettings(Endpoint proxy, List<String> noProxy, String user, String password) {
  public ProxySettings {
    noProxy = List.copyOf(noProxy);
  }

  /** An HTTP proxy, with credentials for {@code Proxy-Authorization: Basic} or none (null). */
  public record Endpoint(String host, int port, String user, String password) {
    /** The proxy's URL without its credentials, for messages. */
    @Override
    public String toString() {
      return "http://" + host + ":" + port;
    }

    Endpoint withCredentials(String u, String p) {
      return user != null || u.isEmpty() ? this : new Endpoint(host, port, u, p);
    }
  }

  /**
   * The proxies a node uses for http and https URLs (null: direct) and the hosts it goes around.
   */
  public record Routes(Endpoint http, Endpoint https, List<String> noProxy) {
    public Routes {
      noProxy = List.copyOf(noProxy);
    }

    /** The proxy for a request to {@code scheme://host}, or null to go straight to the host. */
    public Endpoint forRequest(String scheme, String host) {
      Endpoint p = "https".equalsIgnoreCase(scheme) ? https : http;
      return p == null || bypassed(host) ? null : p;
    }

    private boolean bypassed(String host) {
      String h = host.toLowerCase(Locale.ROOT);
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      for (String entry : noProxy) {
        if (entry.equals("*") || h.equals(entry) || h.endsWith("." + entry)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The routes of a node whose environment is {@code env}. */
  public Routes routes(Map<String, String> env) {
    if (proxy != null) {
      Endpoint p = proxy.withCredentials(user, password);
      return new Routes(p, p, noProxy);
    }
    Endpoint http = fromEnv(env, "http_proxy");
    Endpoint https = fromEnv(env, "https_proxy");
    List<String> bypass = new ArrayList<>(noProxy);
    String envBypass = env(env, "no_proxy");
    if (envBypass != null) {
      bypass.addAll(noProxyList(List.of(envBypass.split(","))));
    }
    return new Routes(
        http == null ? null : http.withCredentials(user, password),
        https == null ? null : https.withCredentials(user, password),
        bypass);
  }

  private static Endpoint fromEnv(Map<String, String> env, String name) {
    String value = env(env, name);
    if (value == null || value.isBlank()) {
      return null;
    }
    String url = value.strip().contains("://") ? value.strip() : "http://" + value.strip();
    return parse(url, "the environment variable " + name);
  }

  /** The lower-case variable, else the upper-case one (null when neither is set). */
  private static String env(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null ? v : env.get(name.toUpperCase(Locale.ROOT));
  }

  /** {@code no_proxy} entries as they are matched: lower case, no leading dot, no port. */
  static List<String> noProxyList(List<String> entries) {
    List<String> list = new ArrayList<>();
    for (String e : entries) {
      String s = e.strip().toLowerCase(Locale.ROOT);
      if (s.startsWith(".")) {
        s = s.substring(1);
      }
      if (s.startsWith("[") && s.contains("]")) {
        s = s.substring(1, s.indexOf(']'));
      } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
        s = s.substring(0, s.indexOf(':')); // host:port; IPv6 addresses have several colons
      }
      if (!s.isEmpty()) {
        list.add(s);
      }
    }
    return list;
  }

  /**
   * An HTTP proxy URL, {@code http://[user:password@]host:port} (port 80 when left out).
   *
   * @param what names the setting, flag or variable in the error message
   * @throws SettingsException saying what is wrong
   */
  public static Endpoint parse(String url, String what) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new SettingsException(what + ": '" + url + "' is not a proxy URL (http://host:port)");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new SettingsException(
          what
              + ": only http:// proxies are supported (got '"
              + redacted(url)
              + "'); https URLs go through them with CONNECT");
    }
    if (uri.getHost() == null
        || (uri.getRawPath() != null
            && !uri.getRawPath().isEmpty()
            && !uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null) {
      throw new SettingsException(
          what + ": '" + redacted(url) + "' is not a proxy URL (http://[user:password@]host:port)");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
    }
    return new Endpoint(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), user, password);
  }

  /** The URL with its credentials hidden. */
  private static String redacted(String url) {
    return url.replaceFirst("//[^/@]*@", "//***@");
  }
}

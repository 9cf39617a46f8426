package io.akkacrawler.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How one URL is fetched over HTTP.
 *
 * @param headers request headers added to or replacing the crawler's own, by name
 * @param cookies keep the cookies servers set and send them back (one jar for the whole crawl)
 * @param clientThreads threads that run the HTTP client's own work (reading responses, TLS): 0 for
 *     its selector thread alone, -1 for auto (0 on two cores or fewer, else the client's own pool)
 */
public record FetchSettings(
    String userAgent,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRedirects,
    long maxBodyBytes,
    long maxDecodedBytes,
    Map<String, String> headers,
    HttpVersion httpVersion,
    boolean cookies,
    ProxySettings proxy,
    TlsSettings tls,
    int clientThreads) {

  /** The HTTP version asked for. */
  public enum HttpVersion {
    /** HTTP/2 for https when the server offers it (ALPN), HTTP/1.1 otherwise and for http. */
    AUTO,
    HTTP_1_1,
    /** HTTP/2 also for http (an h2c upgrade), falling back to HTTP/1.1 when refused. */
    HTTP_2;

    /** {@code auto}, {@code 1.1} or {@code 2}. */
    public static HttpVersion parse(String value, String what) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "auto" -> AUTO;
        case "1.1", "http/1.1" -> HTTP_1_1;
        case "2", "2.0", "http/2", "h2" -> HTTP_2;
        default ->
            throw new SettingsException(
                what + ": '" + value + "' is not an HTTP version (auto, 1.1 or 2)");
      };
    }
  }

  /**
   * Headers that the crawler sets itself (or that the HTTP client owns): a value from the user
   * would break the request or the decoding of the body.
   */
  private static final Set<String> OWN_HEADERS =
      Set.of(
          "host",
          "content-length",
          "connection",
          "keep-alive",
          "proxy-connection",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "expect",
          "accept-encoding",
          "http2-settings",
          "proxy-authorization");

  public FetchSettings {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The fetch settings of the {@code crawler} section {@code c}. */
  static FetchSettings load(Config c) {
    String proxy = c.getString("fetch.proxy").strip();
    String caFile = c.getString("fetch.tls.ca-file").strip();
    if (!caFile.isEmpty()) {
      TlsSettings.readCertificates(Path.of(caFile), "crawler.fetch.tls.ca-file");
    }
    String userAgent = c.getString("fetch.user-agent").strip();
    if (userAgent.isEmpty()) {
      throw new SettingsException(
          "crawler.fetch.user-agent must not be empty: servers expect to be told who crawls");
    }
    return new FetchSettings(
        userAgent,
        Checks.positive(c, "fetch.connect-timeout"),
        Checks.positive(c, "fetch.request-timeout"),
        Checks.atLeast(c, "fetch.max-redirects", 0),
        c.getBytes("fetch.max-body"),
        c.getBytes("fetch.max-decoded-body"),
        headers(c),
        HttpVersion.parse(c.getString("fetch.http-version"), "crawler.fetch.http-version"),
        c.getBoolean("fetch.cookies"),
        new ProxySettings(
            proxy.isEmpty() ? null : ProxySettings.parse(proxy, "crawler.fetch.proxy"),
            ProxySettings.noProxyList(c.getStringList("fetch.no-proxy")),
            c.getString("fetch.proxy-user"),
            c.getString("fetch.proxy-password")),
        new TlsSettings(
            c.getBoolean("fetch.tls.insecure"), caFile.isEmpty() ? null : Path.of(caFile)),
        clientThreads(c));
  }

  private static int clientThreads(Config c) {
    String key = "fetch.client-threads";
    String value = String.valueOf(c.getValue(key).unwrapped()).strip();
    if (value.equalsIgnoreCase("auto")) {
      return -1;
    }
    if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) > 256) {
      throw new SettingsException(
          "crawler."
              + key
              + " must be auto or a number of threads from 0 to 256 (got "
              + c.getValue(key).render()
              + ")");
    }
    return Integer.parseInt(value);
  }

  private static Map<String, String> headers(Config c) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, ConfigValue> e : c.getObject("fetch.headers").entrySet()) {
      ConfigValue v = e.getValue();
      if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
        throw new SettingsException(
            "crawler.fetch.headers." + e.getKey() + " must be a string (the header's value)");
      }
      String value = v.valueType() == ConfigValueType.NULL ? "" : String.valueOf(v.unwrapped());
      checkHeader(e.getKey(), value, "crawler.fetch.headers");
      headers.put(e.getKey(), value);
    }
    return headers;
  }

  /**
   * Refuses a request header that is malformed or that the crawler owns.
   *
   * @param what names the flag or setting in the error message
   */
  public static void checkHeader(String name, String value, String what) {
    if (name.isEmpty() || !name.chars().allMatch(FetchSettings::isTokenChar)) {
      throw new SettingsException(what + ": '" + name + "' is not a header name");
    }
    if (value.chars().anyMatch(ch -> ch == '\r' || ch == '\n' || ch == 0)) {
      throw new SettingsException(what + ": the value of " + name + " has a line break in it");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (OWN_HEADERS.contains(lower)) {
      throw new SettingsException(
          what
              + ": "
              + name
              + " is set by the crawler and cannot be changed"
              + (lower.equals("proxy-authorization")
                  ? " (give the proxy's credentials in --proxy http://user:password@host:port)"
                  : lower.equals("accept-encoding")
                      ? " (it asks only for the encodings it decodes: gzip, deflate)"
                      : ""));
    }
  }

  /** RFC 9110 token characters. */
  private static boolean isTokenChar(int ch) {
    return ch > 0x20 && ch < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(ch) < 0;
  }

  /** The headers a user may not set, lower case (for messages and tests). */
  public static List<String> ownHeaders() {
    return OWN_HEADERS.stream().sorted().toList();
  }
}

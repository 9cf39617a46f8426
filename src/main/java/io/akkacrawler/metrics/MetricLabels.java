package io.akkacrawler.metrics;

/** Label values, each from a bounded set. */
final class MetricLabels {
  private static final boolean[] REGISTERED = new boolean[600];

  static {
    for (int code :
        new int[] {
          100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302,
          303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411,
          412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
          500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511
        }) {
      REGISTERED[code] = true;
    }
  }

  private MetricLabels() {}

  /** The code when registered, else its class ({@code 4xx}); {@code none} without a response. */
  static String status(int status) {
    if (status >= 100 && status < 600) {
      return REGISTERED[status] ? Integer.toString(status) : status / 100 + "xx";
    }
    return status <= 0 ? "none" : "other";
  }

  /** A reason as the crawler names it ({@code http-503}, {@code timeout}), else {@code other}. */
  static String reason(String reason) {
    return reason.length() <= 32 && reason.matches("[a-z0-9-]+") ? reason : "other";
  }
}

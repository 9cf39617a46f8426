package io.akkacrawler;

import io.akkacrawler.demo.LoopbackServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A path-to-handler table for test servers; unknown paths answer 404. */
public final class Routes implements LoopbackServer.Handler {
  private final Map<String, LoopbackServer.Handler> routes = new HashMap<>();

  public Routes on(String path, LoopbackServer.Handler handler) {
    routes.put(path, handler);
    return this;
  }

  /** A route answering with a fixed HTML page. */
  public Routes page(String path, String html) {
    return on(path, ex -> LoopbackServer.html(ex, html));
  }

  @Override
  public void handle(com.sun.net.httpserver.HttpExchange ex) throws java.io.IOException {
    LoopbackServer.Handler h = routes.get(ex.getRequestURI().getPath());
    if (h == null) {
      LoopbackServer.send(ex, 404, "text/plain", "no such page".getBytes(StandardCharsets.UTF_8));
    } else {
      h.handle(ex);
    }
  }
}

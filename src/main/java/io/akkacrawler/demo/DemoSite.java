package io.akkacrawler.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * The bundled site that {@code crawl --demo} crawls: a small product catalogue on 127.0.0.1 with
 * buttons and links, plus the awkward cases a real site has — a redirect chain, a redirect loop, a
 * 404, a page that fails twice with 503, a slow page, a PDF, malformed markup, a gzip page.
 */
public final class DemoSite {
  private final int pages;
  private final AtomicInteger flakyCalls = new AtomicInteger();

  private DemoSite(int pages) {
    this.pages = pages;
  }

  /** Starts the site with {@code pages} catalogue pages; close the server when done. */
  public static LoopbackServer start(int pages) throws IOException {
    DemoSite site = new DemoSite(pages);
    return LoopbackServer.start(site::handle);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    switch (path) {
      case "/" -> LoopbackServer.html(ex, index());
      case "/redirect/start" -> LoopbackServer.redirect(ex, 301, "/redirect/step");
      case "/redirect/step" -> LoopbackServer.redirect(ex, 302, "/redirect/landing.html");
      case "/redirect/landing.html" ->
          LoopbackServer.html(
              ex,
              page(
                  "Landing page",
                  "<p>You followed two redirects.</p>"
                      + "<button id=\"subscribe\">Subscribe</button>"));
      case "/loop/a" -> LoopbackServer.redirect(ex, 302, "/loop/b");
      case "/loop/b" -> LoopbackServer.redirect(ex, 302, "/loop/a");
      case "/flaky.html" -> flaky(ex);
      case "/slow.html" -> slow(ex);
      case "/files/catalogue.pdf" ->
          LoopbackServer.send(
              ex, 200, "application/pdf", "%PDF-1.4\n% demo\n".getBytes(StandardCharsets.US_ASCII));
      case "/malformed.html" ->
          LoopbackServer.html(
              ex,
              "<html><head><title>Old page</title><body><div><p>Unclosed <a"
                  + " href=/product/1.html>first<a href='/product/2.html'>second</td></tr><button"
                  + " id=broken-buy>Buy</span><table><a href=\"/product/3.html\">3<button"
                  + " id=\"dangling\"");
      case "/gzip.html" -> gzip(ex);
      default -> {
        if (path.startsWith("/product/") && path.endsWith(".html")) {
          product(ex, path);
        } else {
          LoopbackServer.send(
              ex,
              404,
              "text/html; charset=utf-8",
              page("Not found", "<p>No such page.</p>").getBytes(StandardCharsets.UTF_8));
        }
      }
    }
  }

  private String index() {
    StringBuilder b = new StringBuilder("<h1>akka-crawler demo shop</h1><ul>");
    for (int i = 1; i <= Math.min(10, pages); i++) {
      b.append("<li><a href=\"product/")
          .append(i)
          .append(".html\">Product ")
          .append(i)
          .append("</a></li>");
    }
    b.append("</ul><nav>")
        .append("<a href=\"/redirect/start\">Moved offer</a> ")
        .append("<a href=\"/loop/a\">Endless offer</a> ")
        .append("<a href=\"/missing.html\">Discontinued</a> ")
        .append("<a href=\"/flaky.html\">Flash sale</a> ")
        .append("<a href=\"/slow.html\">Big catalogue</a> ")
        .append("<a href=\"/files/catalogue.pdf\">Catalogue (PDF)</a> ")
        .append("<a href=\"/malformed.html\">Old page</a> ")
        .append("<a href=\"/gzip.html\">Compressed page</a> ")
        .append("<a href=\"https://example.com/\">Partner site</a> ")
        .append("<a href=\"mailto:shop@example.com\">Mail us</a>")
        .append("</nav><button id=\"search\">Search</button><button id=\"cart\">Cart</button>");
    return page("Demo shop", b.toString());
  }

  private void product(HttpExchange ex, String path) throws IOException {
    int n;
    try {
      n = Integer.parseInt(path.substring("/product/".length(), path.length() - ".html".length()));
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > pages) {
      LoopbackServer.send(
          ex,
          404,
          "text/html; charset=utf-8",
          page("Not found", "<p>No such product.</p>").getBytes(StandardCharsets.UTF_8));
      return;
    }
    SplittableRandom random = new SplittableRandom(n);
    StringBuilder b = new StringBuilder();
    b.append("<h1>Product ")
        .append(n)
        .append("</h1><p class=\"price\">")
        .append(10 + random.nextInt(990))
        .append(".00 EUR</p>")
        .append("<button id=\"add-to-cart-")
        .append(n)
        .append("\">Add to cart</button>");
    if (n % 3 == 0) {
      b.append("<button id=\"wishlist-").append(n).append("\">Wish list</button>");
    }
    b.append("<ul>");
    // Children 3n-1..3n+1 make every product reachable in a few hops from the index.
    for (int child = 3 * n - 1; child <= 3 * n + 1; child++) {
      if (child >= 1 && child <= pages) {
        b.append("<li><a href=\"")
            .append(child)
            .append(".html\">Related ")
            .append(child)
            .append("</a></li>");
      }
    }
    int other = 1 + random.nextInt(pages);
    b.append("<li><a href=\"/product/")
        .append(other)
        .append(".html#reviews\">Also bought</a></li>")
        .append("<li><a href=\"../\">Home</a></li></ul>");
    LoopbackServer.html(ex, page("Product " + n, b.toString()));
  }

  private void flaky(HttpExchange ex) throws IOException {
    if (flakyCalls.incrementAndGet() <= 2) {
      LoopbackServer.send(
          ex, 503, "text/plain", "busy, try again".getBytes(StandardCharsets.UTF_8));
    } else {
      LoopbackServer.html(ex, page("Flash sale", "<button id=\"grab-deal\">Grab it</button>"));
    }
  }

  private void slow(HttpExchange ex) throws IOException {
    try {
      Thread.sleep(1200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    LoopbackServer.html(ex, page("Big catalogue", "<p>It took a while.</p>"));
  }

  private void gzip(HttpExchange ex) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(
          page(
                  "Compressed page",
                  "<button id=\"unzip\">Unzip</button>"
                      + "<a href=\"/product/4.html\">Product 4</a>")
              .getBytes(StandardCharsets.UTF_8));
    }
    ex.getResponseHeaders().set("Content-Encoding", "gzip");
    LoopbackServer.send(ex, 200, "text/html; charset=utf-8", bytes.toByteArray());
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
        + title
        + "</title></head><body>"
        + body
        + "</body></html>";
  }
}

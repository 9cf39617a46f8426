package io.akkacrawler.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a deterministic synthetic site for the benchmark: {@code pages} HTML pages in 100
 * sections, sizes log-normal around a median (1% of them 200-400 KB), 30-80 links each (relative,
 * root-relative and absolute, some with fragments, some repeated, a few with queries), buttons, and
 * a few PDFs and images. Every page is reachable from {@code /index.html}.
 */
public final class SiteGenerator {
  private static final long SEED = 20_261_127L;
  private static final String WORDS =
      "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut"
          + " labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco"
          + " laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit";

  private final int pages;
  private final int medianBytes;
  private final String origin;
  private final String[] words = WORDS.split(" ");

  /**
   * @param origin {@code http://127.0.0.1:PORT} of the server that will serve the site (absolute
   *     links point there)
   */
  public SiteGenerator(int pages, int medianBytes, String origin) {
    this.pages = pages;
    this.medianBytes = medianBytes;
    this.origin = origin;
  }

  /** The site path of page {@code i} (page 0 is the index). */
  public static String path(int i) {
    return i == 0 ? "/index.html" : "/s" + (i % 100) + "/p" + i + ".html";
  }

  /** Writes the site into {@code dir}; returns the paths of its HTML pages. */
  public List<String> write(Path dir) throws IOException {
    List<String> paths = new ArrayList<>(pages);
    for (int i = 0; i < pages; i++) {
      String path = path(i);
      Path file = dir.resolve(path.substring(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, page(i), StandardCharsets.UTF_8);
      paths.add(path);
    }
    Files.createDirectories(dir.resolve("files"));
    Files.createDirectories(dir.resolve("img"));
    SplittableRandom random = new SplittableRandom(SEED);
    for (int k = 0; k < 10; k++) {
      byte[] bytes = new byte[20_000 + random.nextInt(200_000)];
      random.nextBytes(bytes);
      Files.write(dir.resolve("files/doc" + k + ".pdf"), bytes);
      Files.write(dir.resolve("img/pic" + k + ".png"), bytes);
    }
    Files.writeString(
        dir.resolve("search.html"),
        "<!doctype html><html><head><title>Search</title></head><body>"
            + "<a href=\"/index.html\">home</a></body></html>");
    paths.add("/search.html");
    Files.writeString(dir.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
    return paths;
  }

  /** The HTML of page {@code i} (what {@link #write} puts in its file). */
  public String html(int i) {
    return page(i);
  }

  private String page(int i) {
    SplittableRandom r = new SplittableRandom(SEED * 31 + i);
    int target;
    if (r.nextInt(100) == 0) {
      target = 200_000 + r.nextInt(200_000);
    } else {
      double z = gaussian(r);
      target = (int) Math.max(2_000, medianBytes * Math.exp(0.6 * z));
    }
    StringBuilder b = new StringBuilder(target + 4_096);
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page ")
        .append(i)
        .append(" - synthetic site</title>")
        .append("<link rel=\"canonical\" href=\"")
        .append(origin)
        .append(path(i))
        .append("\">")
        .append("<style>body{font-family:sans-serif}.nav a{margin:4px}</style>")
        .append("<script>var page = ")
        .append(i)
        .append("; function go(){ return page; }</script>")
        .append("</head><body><header class=\"nav\">");
    List<String> links = links(i, r);
    int inNav = Math.min(10, links.size());
    for (int k = 0; k < inNav; k++) {
      b.append("<a href=\"").append(links.get(k)).append("\">link ").append(k).append("</a>");
    }
    b.append("</header><main><h1>Page ").append(i).append("</h1>");
    int buttons = 1 + r.nextInt(4);
    for (int k = 0; k < buttons; k++) {
      b.append("<button id=\"btn-")
          .append(i)
          .append('-')
          .append(k)
          .append("\" class=\"cta\">Action ")
          .append(k)
          .append("</button>");
    }
    int next = inNav;
    while (b.length() < target || next < links.size()) {
      b.append("<section><h2>").append(word(r)).append(' ').append(word(r)).append("</h2><p>");
      int sentenceWords = 40 + r.nextInt(80);
      for (int w = 0; w < sentenceWords; w++) {
        b.append(word(r)).append(' ');
        if (w % 17 == 5 && next < links.size()) {
          b.append("<a href=\"")
              .append(links.get(next++))
              .append("\">")
              .append(word(r))
              .append("</a> ");
        }
      }
      b.append("</p><ul><li>")
          .append(word(r))
          .append("</li><li><em>")
          .append(word(r))
          .append("</em></li></ul>");
      if (r.nextInt(6) == 0) {
        b.append("<table><tr><th>k</th><th>v</th></tr><tr><td>")
            .append(r.nextInt(1000))
            .append("</td><td>")
            .append(word(r))
            .append("</td></tr></table>");
      }
      b.append("</section>\n");
    }
    return b.append("</main><footer>&copy; synthetic &amp; deterministic</footer></body></html>\n")
        .toString();
  }

  private List<String> links(int i, SplittableRandom r) {
    List<String> links = new ArrayList<>();
    if (i == 0) {
      links.add("/search.html");
    }
    // A tree keeps every page reachable from the index in a few hops.
    for (int child = 2 * i + 1; child <= 2 * i + 2; child++) {
      if (child < pages) {
        links.add(href(i, child, r));
      }
    }
    int count = 30 + r.nextInt(51);
    while (links.size() < count) {
      int kind = r.nextInt(100);
      if (kind < 4 && !links.isEmpty()) {
        links.add(links.get(r.nextInt(links.size()))); // a repeated link
      } else if (kind < 6) {
        links.add("/search.html?q=" + word(r)); // a few query variants
      } else if (kind < 7) {
        links.add("/files/doc" + r.nextInt(10) + ".pdf");
      } else if (kind < 8) {
        links.add("/img/pic" + r.nextInt(10) + ".png");
      } else {
        links.add(href(i, r.nextInt(pages), r));
      }
    }
    return links;
  }

  /** A link from page {@code from} to page {@code to} in one of the usual spellings. */
  private String href(int from, int to, SplittableRandom r) {
    String target = path(to);
    String fragment = r.nextInt(8) == 0 ? "#section-" + r.nextInt(5) : "";
    int style = r.nextInt(4);
    if (style == 0) {
      return origin + target + fragment;
    }
    if (style == 1 || from == 0 || to == 0) {
      return target + fragment;
    }
    String fromDir = "s" + (from % 100);
    String toDir = "s" + (to % 100);
    String file = target.substring(target.lastIndexOf('/') + 1);
    return (fromDir.equals(toDir) ? file : "../" + toDir + "/" + file) + fragment;
  }

  private String word(SplittableRandom r) {
    return words[r.nextInt(words.length)];
  }

  private static double gaussian(SplittableRandom r) {
    double u = Math.max(1e-12, r.nextDouble());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}

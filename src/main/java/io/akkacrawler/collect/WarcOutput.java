package io.akkacrawler.collect;

import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.WarcEncoder;
import io.akkacrawler.warc.WarcPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.Warcinfo;

/**
 * A crawl's WARC files in one directory: appends {@link ArchivedExchange}s (a {@code revisit} in
 * place of a response whose payload was written before), starts each file with a {@code warcinfo}
 * record, rolls to the next file at {@code maxSize}, and tells its {@link #position()} for a
 * commit. Files are named {@code akka-crawler-<crawl start, UTC>-<serial>.warc.gz}, so they sort in
 * the order they were written. A self-contained component: the collector of a crawl (or of a
 * cluster node) owns one and calls it from one thread; it never reads the network.
 */
public final class WarcOutput implements AutoCloseable {
  private static final String PREFIX = "akka-crawler-";
  private static final String SUFFIX = ".warc.gz";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final String stem;
  private final long maxSize;
  private final Map<String, List<String>> info;
  private final Clock clock;
  private final WarcEncoder encoder = new WarcEncoder();
  private final PayloadIndex index;

  private int serial;
  private FileChannel channel;
  private long position;

  /** Where the current file's exchanges start: a file holds at least one, whatever its size. */
  private long firstExchange;

  private WarcOutput(
      Path dir,
      String stem,
      long maxSize,
      Map<String, String> info,
      Clock clock,
      PayloadIndex index) {
    this.dir = dir;
    this.stem = stem;
    this.maxSize = maxSize;
    this.clock = clock;
    this.index = index;
    Map<String, List<String>> fields = new LinkedHashMap<>();
    info.forEach((k, v) -> fields.put(k, List.of(v)));
    this.info = fields;
  }

  /**
   * Starts a crawl's WARC files in {@code dir} (created if missing), the first one with its
   * warcinfo record.
   *
   * @param info the warcinfo fields (software, robots policy, ...), in order
   */
  public static WarcOutput create(Path dir, long maxSize, Map<String, String> info, Clock clock)
      throws IOException {
    return create(dir, "", maxSize, info, clock);
  }

  /**
   * As the other {@code create}, the files named {@code akka-crawler-<start>-<node>-<serial>}: a
   * cluster node's own files, apart from other nodes' in the same directory.
   */
  public static WarcOutput create(
      Path dir, String node, long maxSize, Map<String, String> info, Clock clock)
      throws IOException {
    checkDirectory(dir);
    String suffix = node.isEmpty() ? "" : "-" + node;
    Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    // Two crawls started in the same second never share their files: the later one takes the
    // next second, also when both looked at the directory before either created its file.
    for (int raced = 0; ; raced++) {
      while (holdsFilesOf(dir, PREFIX + STAMP.format(start) + suffix)) {
        start = start.plusSeconds(1);
      }
      WarcOutput out =
          new WarcOutput(
              dir,
              PREFIX + STAMP.format(start) + suffix,
              maxSize,
              info,
              clock,
              new PayloadIndex(dir));
      try {
        out.open(0);
        return out;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (raced >= 100) {
          throw e;
        }
        start = start.plusSeconds(1);
      }
    }
  }

  /** The warcinfo fields of a crawl's WARC files. */
  public static Map<String, String> infoFor(CrawlSettings settings) {
    Map<String, String> info = new LinkedHashMap<>();
    String version = WarcOutput.class.getPackage().getImplementationVersion();
    info.put("software", "akka-crawler/" + (version == null ? "development" : version));
    info.put("format", "WARC File Format 1.1");
    info.put(
        "conformsTo",
        "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/");
    info.put("http-header-user-agent", settings.fetch().userAgent());
    info.put("robots", settings.robots().enabled() ? "obey" : "ignore");
    return info;
  }

  /**
   * Creates {@code dir} if it is missing and checks that files can be written in it; returns it.
   */
  public static Path checkDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (!Files.isWritable(dir)) {
      throw new java.nio.file.AccessDeniedException(dir.toString());
    }
    return dir;
  }

  /**
   * Goes on with the files of a crawl whose last commit was at {@code committed}: that file is cut
   * back to it (a record torn by a crash, or written after the commit, goes), the crawl's later
   * files are deleted, and the payloads of the files kept are indexed again for revisits.
   */
  public static WarcOutput resume(
      Path dir, long maxSize, Map<String, String> info, Clock clock, WarcPosition committed)
      throws IOException {
    String name = committed.file();
    int dash = name.lastIndexOf('-');
    if (dash <= 0 || !name.endsWith(SUFFIX)) {
      throw new IOException("not a WARC file of this crawler: " + name);
    }
    String stem = name.substring(0, dash);
    int serial = serialOf(name, stem);
    Path file = dir.resolve(name);
    long size = Files.exists(file) ? Files.size(file) : -1;
    if (size < committed.offset()) {
      throw new IOException(
          file
              + (size < 0 ? " is missing" : " is shorter (" + size + " bytes)")
              + " than its committed length ("
              + committed.offset()
              + " bytes)");
    }
    for (Path later : filesOf(dir, stem)) {
      if (serialOf(later.getFileName().toString(), stem) > serial) {
        Files.delete(later);
      }
    }
    WarcOutput out = new WarcOutput(dir, stem, maxSize, info, clock, new PayloadIndex(dir));
    out.serial = serial;
    out.channel = FileChannel.open(file, StandardOpenOption.WRITE);
    out.channel.truncate(committed.offset());
    out.channel.position(committed.offset());
    out.position = committed.offset();
    out.firstExchange = 0; // the file holds its warcinfo already: any exchange may fill it up
    for (int s = 0; s <= serial; s++) {
      Path kept = dir.resolve(out.fileName(s));
      if (Files.exists(kept)) {
        out.index.addFile(kept, s);
      }
    }
    return out;
  }

  /** Appends the exchange's records, rolling to a new file first if it would pass the size. */
  public void write(ArchivedExchange x) throws IOException {
    if (position > firstExchange && position + x.size() > maxSize) {
      roll();
    }
    byte[] response = x.response();
    if (x.dedupable()) {
      PayloadIndex.Original original = index.original(x.payloadSha1(), this::fileName);
      if (original != null) {
        response = index.revisit(x, original, encoder);
      } else {
        index.add(x.payloadSha1(), serial, position);
      }
    }
    append(response);
    append(x.request());
  }

  /** Pushes what was written to the operating system (nothing is buffered here). */
  public void flush() {}

  /** Makes what was written durable (fsync). */
  public void sync() throws IOException {
    channel.force(false);
  }

  /** The end of the last whole record. */
  public WarcPosition position() {
    return new WarcPosition(fileName(serial), position);
  }

  public Path directory() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    if (channel.isOpen()) {
      channel.force(false);
      channel.close();
    }
  }

  private void roll() throws IOException {
    close();
    open(serial + 1);
    syncDirectory();
  }

  private void open(int newSerial) throws IOException {
    serial = newSerial;
    String name = fileName(serial);
    channel =
        FileChannel.open(
            dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    position = 0;
    // Built twice: the fields are formatted by jwarc, and the digest is of what it formatted.
    Warcinfo unsigned = warcinfo(name).build();
    byte[] fields = unsigned.body().stream().readAllBytes();
    append(
        encoder.gzip(
            warcinfo(name).blockDigest(new WarcDigest("sha1", WarcEncoder.sha1(fields))).build()));
    firstExchange = position;
  }

  private Warcinfo.Builder warcinfo(String name) {
    return new Warcinfo.Builder()
        .version(MessageVersion.WARC_1_1)
        .date(clock.instant().truncatedTo(ChronoUnit.MILLIS))
        .filename(name)
        .fields(info);
  }

  /** The new file's name is durable too (on systems that can sync a directory). */
  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException unsupported) {
      // Not every platform opens a directory; the file's own sync still holds its records.
    }
  }

  private void append(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      position += channel.write(b);
    }
  }

  private String fileName(int s) {
    return String.format("%s-%05d%s", stem, s, SUFFIX);
  }

  private static int serialOf(String name, String stem) throws IOException {
    try {
      return Integer.parseInt(name.substring(stem.length() + 1, name.length() - SUFFIX.length()));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IOException("not a WARC file of this crawler: " + name);
    }
  }

  private static boolean holdsFilesOf(Path dir, String stem) throws IOException {
    return !filesOf(dir, stem).isEmpty();
  }

  /** The files {@code <stem>-<digits>.warc.gz} in {@code dir}. */
  private static List<Path> filesOf(Path dir, String stem) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return n.startsWith(stem + "-")
                    && n.endsWith(SUFFIX)
                    && n.substring(stem.length() + 1, n.length() - SUFFIX.length())
                        .matches("\\d{5,}");
              })
          .toList();
    }
  }
}

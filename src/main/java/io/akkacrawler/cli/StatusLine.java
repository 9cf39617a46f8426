package io.akkacrawler.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The progress of a crawl on a terminal: one line rewritten in place instead of a new line each
 * second. Installed as the process's stderr when {@code ./crawl} says stderr is a terminal; any
 * other text written meanwhile (a warning, a message) erases the line, is written, and the line is
 * drawn again below it. {@link #release} (before the summary) erases it for good.
 */
final class StatusLine extends OutputStream {
  private static final byte[] ERASE = "\r\u001b[K".getBytes(Charset.defaultCharset());

  private static volatile StatusLine installed;

  private final OutputStream terminal;
  private byte[] status; // drawn at the start of the terminal's last line; null: none
  private boolean atLineStart = true;
  private boolean released;

  StatusLine(OutputStream terminal) {
    this.terminal = terminal;
  }

  /** Makes the process's stderr a status line over the current one (once). */
  static synchronized void install() {
    if (installed == null) {
      StatusLine line = new StatusLine(System.err);
      installed = line;
      System.setErr(new PrintStream(line, true, Charset.defaultCharset()));
    }
  }

  /**
   * The terminal's width in columns, as {@code ./crawl} read it at launch ({@code
   * akkacrawler.columns}); 80 when unknown.
   */
  int columns() {
    int columns = Integer.getInteger("akkacrawler.columns", 80);
    return columns > 10 ? columns : 80;
  }

  /** The installed status line, or null. */
  static StatusLine installed() {
    return installed;
  }

  /** Erases the status line of the terminal, if any, and draws none from now on. */
  static void release() {
    StatusLine line = installed;
    if (line != null) {
      line.end();
    }
  }

  /** Erases the line and draws none from now on. */
  synchronized void end() {
    show(null);
    released = true;
  }

  /** Draws {@code text} as the status line (null: erases it); nothing once released. */
  synchronized void show(String text) {
    if (released) {
      return; // a late progress report must not draw under the summary
    }
    try {
      if (atLineStart && status != null) {
        terminal.write(ERASE);
      }
      status = text == null ? null : text.getBytes(Charset.defaultCharset());
      if (status != null && atLineStart) {
        terminal.write('\r');
        terminal.write(status);
      }
      terminal.flush();
    } catch (IOException e) {
      status = null; // the terminal is gone: nothing to draw on
    }
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    if (atLineStart && status != null) {
      terminal.write(ERASE);
    }
    terminal.write(b, off, len);
    atLineStart = b[off + len - 1] == '\n';
    if (atLineStart && status != null) {
      terminal.write(status);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    terminal.flush();
  }
}

package io.akkacrawler.cli;

/** The command's exit codes. */
public final class ExitCodes {
  /** The crawl finished (even if some pages failed). */
  public static final int OK = 0;

  /** An internal failure, or the crawl could not go on (for example, the output disk is full). */
  public static final int FAILURE = 1;

  /** Bad usage, configuration or seed: a one-line message says which. */
  public static final int USAGE = 2;

  /** Interrupted by Ctrl-C (SIGINT) or SIGTERM; the output is complete up to that point. */
  public static final int INTERRUPTED = 130;

  /** Standard output was a pipe that its reader closed (128 + SIGPIPE, as other tools exit). */
  public static final int BROKEN_PIPE = 141;

  private ExitCodes() {}
}

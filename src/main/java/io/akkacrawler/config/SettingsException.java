package io.akkacrawler.config;

/** A setting, seed or option that cannot be used; its message is one line meant for the user. */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }
}

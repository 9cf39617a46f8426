package io.akkacrawler.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A setting, seed or option that cannot be used; its message is one line meant for the user. */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }

  /**
   * Why a file operation failed, in a few words for such a message ("permission denied"), where the
   * JDK's message is often only the path or the exception's class.
   */
  public static String why(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way";
    } else if (e instanceof NotDirectoryException) {
      return "not a directory";
    } else if (e instanceof DirectoryNotEmptyException) {
      return "the directory is not empty";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

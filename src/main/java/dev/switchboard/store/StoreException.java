package dev.switchboard.store;

import java.sql.SQLException;

/**
 * The store could not do what was asked: open its file, write, or read. The message names the file
 * and says why in words an operator can act on ("is locked by another process", "file is not a
 * database", "database or disk is full").
 */
public final class StoreException extends RuntimeException {

  // SQLite primary result codes (the low byte of an extended code).
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Describes a failure of {@code doing} ("open", "write", ...) on the store at {@code path}. */
  static StoreException of(String path, String doing, Throwable cause) {
    if (cause instanceof StoreException already) {
      return already;
    }
    String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    int code = cause instanceof SQLException sql ? sql.getErrorCode() & 0xff : -1;
    String message = switch (code) {
      case SQLITE_BUSY, SQLITE_LOCKED ->
          "store " + path + " is locked by another process (is another bridge running on this file?): " + detail;
      case SQLITE_NOTADB -> "store " + path + " is not an SQLite database: " + detail;
      case SQLITE_CANTOPEN -> "store " + path + " cannot be opened (check the path and its permissions): " + detail;
      default -> "store " + path + ": " + doing + " failed: " + detail;
    };
    return new StoreException(message, cause);
  }
}

package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

/**
 * A {@link CommitQueue}'s one connection, confined to the queue's thread except for {@link #isHealthy}.
 * A connection that the server closed or the network cut ({@link Dialect#lostConnection}) is dropped,
 * and the next statement opens a new one, so that the store recovers by itself when the server is
 * back; meanwhile {@link #isHealthy} tells that the last attempt did not reach it.
 */
final class StoreConnection {

  private final String path;
  private final Dialect dialect;
  private Callable<Connection> opener;
  private Connection connection;
  private boolean closed;
  private volatile Runnable onLost = () -> { };
  private volatile boolean healthy = true;

  /** @param path what names the store in messages */
  StoreConnection(String path, Dialect dialect) {
    this.path = path;
    this.dialect = dialect;
  }

  void open(Callable<Connection> opener) throws Exception {
    this.opener = opener;
    connection = opener.call();
  }

  /** The connection, opened again if it was lost. */
  Connection get() throws Exception {
    if (closed) {
      // A read or write that passed the queue's check as it closed: it must not open the file again.
      throw new StoreException("store " + path + " is closed");
    }
    if (connection == null) {
      if (opener == null) {
        throw new StoreException("store " + path + " is not open");
      }
      connection = opener.call();
    }
    return connection;
  }

  /** The open connection, or null while it is lost. */
  Connection current() {
    return connection;
  }

  /** False while the database cannot be reached: the last statement lost its connection or could not open one. */
  boolean isHealthy() {
    return healthy;
  }

  /** A statement reached the database. */
  void reached() {
    healthy = true;
  }

  /** {@code action} runs, on the queue's thread, each time an open connection turns out to be gone. */
  void onLost(Runnable action) {
    onLost = action;
  }

  /** Drops the connection when {@code failure} means it is gone; tells whether it did. */
  boolean dropIfLost(Throwable failure) {
    boolean lost = failure instanceof SQLException sql ? dialect.lostConnection(sql, connection)
        : connection == null && dialect != Dialect.SQLITE;
    if (!lost) {
      return false;
    }
    healthy = false;
    if (connection != null) {
      drop();
      onLost.run();
    }
    return true;
  }

  /** Closes the connection, if open; the next statement opens a new one. */
  void drop() {
    if (connection == null) {
      return;
    }
    Sql.discardPrepared(connection);
    try {
      connection.close();
    } catch (SQLException alreadyGone) {
      // The server or the network closed it first.
    }
    connection = null;
  }

  /** After a failed statement: its cached statements may be in any state. */
  void discardPrepared() {
    Sql.discardPrepared(connection);
  }

  void rollbackQuietly() {
    if (connection == null) {
      return;
    }
    try (Statement sql = connection.createStatement()) {
      sql.execute("ROLLBACK");
    } catch (SQLException alreadyRolledBack) {
      // SQLite ends the transaction itself after some errors; nothing is left to undo.
    }
  }

  /** Closes the connection for good: nothing opens it again. */
  void close() throws SQLException {
    closed = true;
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}

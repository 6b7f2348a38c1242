package dev.switchboard.store;

import org.sqlite.JDBC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens the store's SQLite file the way the store relies on:
 * <ul>
 *   <li>the file is shared ({@code locking_mode=NORMAL}): the {@code pairing} command may open it while
 *       the bridge runs; that two bridges never run on it is {@link StoreLock}'s job;</li>
 *   <li>{@code journal_mode=WAL} with {@code synchronous=NORMAL}: a commit is durable against a
 *       crash of the process (kill -9, OOM) because the WAL is in the OS page cache when COMMIT
 *       returns; it may lose the last transactions on a power failure or kernel crash, which costs
 *       one fsync per commit to prevent and is not what the bridge promises;</li>
 *   <li>{@code busy_timeout}: how long a transaction waits for one of the other process;</li>
 *   <li>{@code wal_autocheckpoint} of {@value #WAL_AUTOCHECKPOINT_PAGES} pages instead of SQLite's 1,000:
 *       the commit that takes the log past it copies the log into the file and syncs both before it
 *       returns, and every write queued behind it (a webhook's journal, so its acknowledgement) waits.
 *       Smaller checkpoints, more often, cost the same CPU and shorten that wait (see {@code JournalLatency}
 *       in the benchmark: at 2,000 messages a second the journal write's p99 went from 20–23 ms in five
 *       runs to 6.9–10.9 ms in three, its p50 from 0.5–1.3 to 1.1–1.9 ms; 125 pages raised the p50 to
 *       3 ms without lowering the p99).</li>
 * </ul>
 * The connection comes from SQLite's driver itself, not from {@code DriverManager}: its first use loads
 * every JDBC driver on the class path, and PostgreSQL's sets up {@code java.util.logging} as it loads,
 * on the way to the port of a bridge that never talks to PostgreSQL.
 */
final class StoreFile {

  /** Pages the write-ahead log may hold before the commit that passes it checkpoints. */
  static final int WAL_AUTOCHECKPOINT_PAGES = 250;

  private StoreFile() {
  }

  static Connection open(Path path, int busyTimeoutMs) throws SQLException {
    checkPath(path);
    Connection connection = JDBC.createConnection(JDBC.PREFIX + path, new Properties());
    try (Statement sql = connection.createStatement()) {
      sql.execute("PRAGMA busy_timeout = " + busyTimeoutMs);
      String journalMode = pragma(sql, "PRAGMA journal_mode = WAL");
      if (!"wal".equalsIgnoreCase(journalMode)) {
        throw new StoreException("store " + path + " cannot use WAL journaling (journal_mode is " + journalMode + ")");
      }
      sql.execute("PRAGMA synchronous = NORMAL");
      sql.execute("PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT_PAGES);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Refuses a path that cannot be a database file and creates its directory. */
  static void checkPath(Path path) {
    if (Files.isDirectory(path)) {
      throw new StoreException("store " + path + " is a directory, not a database file");
    }
    if (Files.exists(path) && !Files.isReadable(path)) {
      throw new StoreException("store " + path + " is not readable by this user");
    }
    Path parent = path.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StoreException("store " + path + ": cannot create its directory " + parent + ": " + e, e);
    }
  }

  private static String pragma(Statement sql, String pragma) throws SQLException {
    try (ResultSet row = sql.executeQuery(pragma)) {
      return row.next() ? row.getString(1) : "";
    }
  }
}

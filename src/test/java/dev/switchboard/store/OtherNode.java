package dev.switchboard.store;

import dev.switchboard.config.PostgresUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** Another node's connections to a test's PostgreSQL: one that holds rows or locks, one that watches. */
final class OtherNode {

  private OtherNode() {
  }

  /** A connection of its own, as another node's; {@code autocommit} for one that only watches. */
  static Connection connect(PostgresUrl url, boolean autocommit) throws SQLException {
    Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.properties(null));
    connection.setAutoCommit(autocommit);
    return connection;
  }

  /**
   * Returns once {@code countQuery} counts at least one row, each look a transaction of its own that
   * sees the server's activity afresh; fails after 20 s with {@code what} never seen.
   */
  static void awaitSeen(Connection observer, String what, String countQuery, Object... params) throws SQLException {
    // The test's @Timeout cannot interrupt this thread's loop: a write that never waits fails here.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (Sql.first(observer, countQuery, row -> row.getInt(1), params) < 1) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " within 20 s");
      }
      Thread.onSpinWait();
    }
  }
}

package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the two databases behind the same SQL: how a write transaction starts, the
 * database's own clock, row locking for claims, where fencing tokens come from, and whether a lost
 * connection can be opened again. Everything else the store runs is plain SQL both understand.
 */
enum Dialect {

  /** One process owns the file; its clock is the database's clock. */
  SQLITE("sqlite", "BEGIN IMMEDIATE", "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)", "",
      "UPDATE claim_counter SET token = token + 1 RETURNING token"),
  /** Shared by several nodes: lease times from the server's clock, claims skip rows another node holds. */
  POSTGRESQL("postgresql", "BEGIN", "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
      " FOR UPDATE SKIP LOCKED", "SELECT nextval('claim_tokens')");

  private final String kind;
  private final String begin;
  private final String nowMillis;
  private final String skipLocked;
  private final String nextToken;

  Dialect(String kind, String begin, String nowMillis, String skipLocked, String nextToken) {
    this.kind = kind;
    this.begin = begin;
    this.nowMillis = nowMillis;
    this.skipLocked = skipLocked;
    this.nextToken = nextToken;
  }

  String kind() {
    return kind;
  }

  /** Starts a write transaction. */
  String begin() {
    return begin;
  }

  /** An SQL expression: the database's current time, in epoch milliseconds. */
  String nowMillis() {
    return nowMillis;
  }

  /** Appended to a claim's SELECT: rows another transaction holds are passed over, not waited for. */
  String skipLocked() {
    return skipLocked;
  }

  /** A fencing token, greater than every one handed out before, on any node. */
  long nextToken(Connection connection) throws SQLException {
    return Sql.first(connection, nextToken, row -> row.getLong(1));
  }

  /**
   * Whether write transactions need the advisory locks of {@link #lock}: on SQLite they already exclude
   * each other, so there is nothing to take.
   */
  boolean locksKeys() {
    return this == POSTGRESQL;
  }

  /**
   * Serializes the current write transaction with every other one that locks any of the same keys, on any
   * node, until it ends. The keys are locked in the order of their lock numbers, whatever the order given,
   * so that two transactions never take two of them in opposite orders (see
   * {@link CommitQueue#write(String, SqlWork)}). SQLite's write transactions already exclude each other.
   */
  void lock(Connection connection, List<String> keys) throws SQLException {
    if (locksKeys() && !keys.isEmpty()) {
      // A volatile function of the select list is evaluated after the sort (PostgreSQL 9.6 and later).
      Sql.list(connection, "SELECT pg_advisory_xact_lock(hashtext(key)) FROM unnest(?::text[]) AS key"
          + " ORDER BY hashtext(key)", row -> null, (Object) keys.toArray(String[]::new));
    }
  }

  /**
   * As {@link #lock}, one key, without waiting: false when another transaction holds the key. For a lock
   * whose holder does the very work the caller wanted (claiming a session), waiting could only deadlock.
   */
  boolean tryLock(Connection connection, String key) throws SQLException {
    return !locksKeys()
        || Boolean.TRUE.equals(Sql.first(connection, "SELECT pg_try_advisory_xact_lock(hashtext(?))",
            row -> row.getBoolean(1), key));
  }

  /**
   * Whether the failure means the connection is gone (server down or restarted, network cut), so that
   * the next statement should open a new one. SQLite's file never goes away.
   */
  boolean lostConnection(SQLException failure, Connection connection) {
    if (this == SQLITE) {
      return false;
    }
    String state = failure.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
      return true;
    }
    try {
      return connection == null || connection.isClosed();
    } catch (SQLException unusable) {
      return true;
    }
  }
}

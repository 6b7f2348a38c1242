package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One prepared statement, run. Its parameters are bound in order; each is a {@code String},
 * {@code Long}, {@code Integer} or null. Statements are prepared once per connection and kept:
 * preparing costs as much as running one of these small statements, thousands of times a second.
 */
final class Sql {

  /** Prepared statements per connection; a closed connection closes its statements and is dropped. */
  private static final Map<Connection, Map<String, PreparedStatement>> PREPARED = new WeakHashMap<>();

  /** Reads the current row of a result. */
  @FunctionalInterface
  interface Row<T> {

    T read(ResultSet row) throws SQLException;
  }

  private Sql() {
  }

  /** Runs an INSERT, UPDATE or DELETE and returns how many rows it changed. */
  static int update(Connection connection, String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = prepared(connection, sql);
    bind(statement, parameters);
    return statement.executeUpdate();
  }

  /** Every row a SELECT returns, each read by {@code row}. */
  static <T> List<T> list(Connection connection, String sql, Row<T> row, Object... parameters) throws SQLException {
    PreparedStatement statement = prepared(connection, sql);
    bind(statement, parameters);
    try (ResultSet rows = statement.executeQuery()) {
      List<T> read = new ArrayList<>();
      while (rows.next()) {
        read.add(row.read(rows));
      }
      return read;
    }
  }

  /** The first row a SELECT returns, read by {@code row}, or null when it returns none. */
  static <T> T first(Connection connection, String sql, Row<T> row, Object... parameters) throws SQLException {
    PreparedStatement statement = prepared(connection, sql);
    bind(statement, parameters);
    try (ResultSet rows = statement.executeQuery()) {
      return rows.next() ? row.read(rows) : null;
    }
  }

  /**
   * Closes the connection's kept statements. Called after a failed write: SQLite may have rolled the
   * transaction back and left them unusable, so they are prepared afresh.
   */
  static void discardPrepared(Connection connection) {
    Map<String, PreparedStatement> statements;
    synchronized (PREPARED) {
      statements = PREPARED.remove(connection);
    }
    if (statements == null) {
      return;
    }
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException alreadyUnusable) {
        // Being discarded because it may be broken; nothing more to do with it.
      }
    }
  }

  /** The connection's kept statement for {@code sql}, prepared on first use. */
  static PreparedStatement prepared(Connection connection, String sql) throws SQLException {
    return kept(connection, sql, false);
  }

  /** The same for an INSERT whose generated keys are read after it ran. */
  static PreparedStatement preparedReturningKeys(Connection connection, String sql) throws SQLException {
    return kept(connection, sql, true);
  }

  private static PreparedStatement kept(Connection connection, String sql, boolean returnsKeys) throws SQLException {
    Map<String, PreparedStatement> statements;
    synchronized (PREPARED) {
      statements = PREPARED.computeIfAbsent(connection, c -> new HashMap<>());
    }
    String key = returnsKeys ? "keys\u0000" + sql : sql;
    PreparedStatement statement = statements.get(key);
    if (statement == null || statement.isClosed()) {
      statement = returnsKeys ? connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
          : connection.prepareStatement(sql);
      statements.put(key, statement);
    }
    return statement;
  }

  static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
  }
}

package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One prepared statement, run and closed. Its parameters are bound in order; each is a
 * {@code String}, {@code Long}, {@code Integer} or null.
 */
final class Sql {

  /** Reads the current row of a result. */
  @FunctionalInterface
  interface Row<T> {

    T read(ResultSet row) throws SQLException;
  }

  private Sql() {
  }

  /** Runs an INSERT, UPDATE or DELETE and returns how many rows it changed. */
  static int update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      return statement.executeUpdate();
    }
  }

  /** Every row a SELECT returns, each read by {@code row}. */
  static <T> List<T> list(Connection connection, String sql, Row<T> row, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> read = new ArrayList<>();
        while (rows.next()) {
          read.add(row.read(rows));
        }
        return read;
      }
    }
  }

  /** The first row a SELECT returns, read by {@code row}, or null when it returns none. */
  static <T> T first(Connection connection, String sql, Row<T> row, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? row.read(rows) : null;
      }
    }
  }

  private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
  }
}

package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SessionHistory} in the {@code session_messages} table, one row per message in order. Every
 * change refreshes the session's {@code updated_at}, which retention compares with {@code idleDays}.
 */
final class SqliteSessionHistory implements SessionHistory {

  private static final String LOAD = "SELECT role, text FROM session_messages WHERE session_key = ? ORDER BY position";
  /** One message after the session's last; the same statement for every message, so appends batch. */
  private static final String APPEND = "INSERT INTO session_messages (session_key, position, role, text)"
      + " SELECT ?, COALESCE(MAX(position) + 1, 0), ?, ? FROM session_messages WHERE session_key = ?";
  private static final String INSERT = "INSERT INTO session_messages (session_key, position, role, text)"
      + " VALUES (?, ?, ?, ?)";
  private static final String DELETE = "DELETE FROM session_messages WHERE session_key = ?";
  private static final String TOUCH = "INSERT INTO sessions (session_key, updated_at) VALUES (?, ?)"
      + " ON CONFLICT (session_key) DO UPDATE SET updated_at = excluded.updated_at";

  private final CommitQueue queue;
  private final Clock clock;

  SqliteSessionHistory(CommitQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  @Override
  public Future<List<ChatMessage>> load(String sessionKey) {
    return queue.read(connection -> Sql.list(connection, LOAD,
        row -> new ChatMessage(ChatMessage.Role.valueOf(row.getString(1)), row.getString(2)), sessionKey));
  }

  @Override
  public Future<Void> append(String sessionKey, List<ChatMessage> turn) {
    List<StatementWrite.Statement> statements = new ArrayList<>(turn.size() + 1);
    for (ChatMessage message : turn) {
      statements.add(new StatementWrite.Statement(APPEND, sessionKey, message.role().name(), message.text(), sessionKey));
    }
    statements.add(new StatementWrite.Statement(TOUCH, sessionKey, clock.millis()));
    return queue.write(StatementWrite.of(statements));
  }

  @Override
  public Future<Void> replace(String sessionKey, List<ChatMessage> replacement) {
    HistoryChange change = HistoryChange.replace(replacement);
    long now = clock.millis();
    return queue.write(connection -> {
      write(connection, sessionKey, change, now);
      return null;
    });
  }

  /** Forgets the messages; the session's preferences ({@code /model}) stay. */
  @Override
  public Future<Void> clear(String sessionKey) {
    return replace(sessionKey, List.of());
  }

  /** Applies the change in the caller's transaction: a claimed turn's, with its answer. */
  static void write(Connection connection, String sessionKey, HistoryChange change, long now) throws SQLException {
    if (change.replaces()) {
      delete(connection, sessionKey);
      insert(connection, sessionKey, 0, change.messages());
    } else {
      for (ChatMessage message : change.messages()) {
        Sql.update(connection, APPEND, sessionKey, message.role().name(), message.text(), sessionKey);
      }
    }
    touch(connection, sessionKey, now);
  }

  private static void insert(Connection connection, String sessionKey, int firstPosition, List<ChatMessage> messages)
      throws SQLException {
    if (messages.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      int position = firstPosition;
      for (ChatMessage message : messages) {
        insert.setString(1, sessionKey);
        insert.setInt(2, position++);
        insert.setString(3, message.role().name());
        insert.setString(4, message.text());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void delete(Connection connection, String sessionKey) throws SQLException {
    Sql.update(connection, DELETE, sessionKey);
  }

  private static void touch(Connection connection, String sessionKey, long now) throws SQLException {
    Sql.update(connection, TOUCH, sessionKey, now);
  }
}

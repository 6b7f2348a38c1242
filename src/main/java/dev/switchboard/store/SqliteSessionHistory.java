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
 *
 * <p>Every change touches the session's row first. On PostgreSQL that row lock, held until the
 * transaction ends, makes the history writes of one session, from any node, wait for each other:
 * a message's position follows the last one stored, so two writers that both read the same last
 * message (an operator's message taken by one node while another commits a turn's answer) would
 * collide on the primary key, and a compaction would not see a message committed meanwhile. SQLite
 * has one writer at a time anyway.
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
    return queue.read(connection -> load(connection, sessionKey));
  }

  @Override
  public Future<Void> append(String sessionKey, List<ChatMessage> turn) {
    return queue.write(StatementWrite.of(appending(sessionKey, turn, clock.millis())));
  }

  @Override
  public Future<Void> replace(String sessionKey, List<ChatMessage> replacement) {
    long now = clock.millis();
    return queue.write(connection -> {
      touch(connection, sessionKey, now);
      rewrite(connection, sessionKey, replacement);
      return null;
    });
  }

  /** Forgets the messages; the session's preferences ({@code /model}) stay. */
  @Override
  public Future<Void> clear(String sessionKey) {
    return replace(sessionKey, List.of());
  }

  /**
   * Applies the change in the caller's transaction: a claimed turn's, with its answer. A replacing
   * change reads the stored messages after the session's row is locked, so it keeps every message
   * committed after the turn's read.
   */
  static void write(Connection connection, String sessionKey, HistoryChange change, long now) throws SQLException {
    if (change.replaces()) {
      touch(connection, sessionKey, now);
      rewrite(connection, sessionKey, change.applyTo(load(connection, sessionKey)));
    } else {
      StatementWrite.of(appending(sessionKey, change.appended(), now)).run(connection);
    }
  }

  private static List<ChatMessage> load(Connection connection, String sessionKey) throws SQLException {
    return Sql.list(connection, LOAD,
        row -> new ChatMessage(ChatMessage.Role.valueOf(row.getString(1)), row.getString(2)), sessionKey);
  }

  /** The session touched (and so locked, see above), then one statement per message. */
  private static List<StatementWrite.Statement> appending(String sessionKey, List<ChatMessage> messages, long now) {
    List<StatementWrite.Statement> statements = new ArrayList<>(messages.size() + 1);
    statements.add(new StatementWrite.Statement(TOUCH, sessionKey, now));
    for (ChatMessage message : messages) {
      statements.add(new StatementWrite.Statement(APPEND, sessionKey, message.role().name(), message.text(), sessionKey));
    }
    return statements;
  }

  /** The session's messages become {@code history}, at positions from 0. */
  private static void rewrite(Connection connection, String sessionKey, List<ChatMessage> history)
      throws SQLException {
    Sql.update(connection, DELETE, sessionKey);
    if (history.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      int position = 0;
      for (ChatMessage message : history) {
        insert.setString(1, sessionKey);
        insert.setInt(2, position++);
        insert.setString(3, message.role().name());
        insert.setString(4, message.text());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void touch(Connection connection, String sessionKey, long now) throws SQLException {
    Sql.update(connection, TOUCH, sessionKey, now);
  }
}

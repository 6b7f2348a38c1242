package dev.switchboard.store;

import dev.switchboard.bus.SessionMode;
import dev.switchboard.store.HandoverModes;
import dev.switchboard.store.HandoverState;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** {@link HandoverModes} in the {@code handover} table, one row per session ever handed over. */
final class SqliteHandoverModes implements HandoverModes {

  private static final String GET = "SELECT mode, changed_at, active_at FROM handover WHERE session_key = ?";
  private static final String SET = "INSERT INTO handover (session_key, mode, changed_at, active_at)"
      + " VALUES (?, ?, ?, ?) ON CONFLICT (session_key) DO UPDATE SET mode = excluded.mode,"
      + " changed_at = excluded.changed_at, active_at = excluded.active_at";
  private static final String TOUCH = "UPDATE handover SET active_at = ? WHERE session_key = ? AND active_at < ?";

  private final CommitQueue queue;

  SqliteHandoverModes(CommitQueue queue) {
    this.queue = queue;
  }

  @Override
  public Future<Optional<HandoverState>> get(String sessionKey) {
    return queue.read(connection -> Optional.ofNullable(Sql.first(connection, GET,
        row -> new HandoverState(sessionKey, SessionMode.fromWire(row.getString(1)), row.getLong(2), row.getLong(3)),
        sessionKey)));
  }

  @Override
  public Future<Void> set(String sessionKey, SessionMode mode, long at) {
    return queue.write(connection -> {
      set(connection, sessionKey, mode, at);
      return null;
    });
  }

  /** Sets the mode in the caller's transaction: a claimed turn's, with the answer that tells the user. */
  static void set(Connection connection, String sessionKey, SessionMode mode, long at) throws SQLException {
    Sql.update(connection, SET, sessionKey, mode.wireName(), at, at);
  }

  @Override
  public Future<Void> touch(String sessionKey, long at) {
    return queue.write(connection -> {
      Sql.update(connection, TOUCH, at, sessionKey, at);
      return null;
    });
  }
}

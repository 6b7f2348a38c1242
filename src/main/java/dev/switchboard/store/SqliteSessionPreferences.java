package dev.switchboard.store;

import dev.switchboard.routing.SessionPreferences;
import io.vertx.core.Future;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;

/** {@link SessionPreferences} in the {@code sessions} table, beside the session's {@code updated_at}. */
final class SqliteSessionPreferences implements SessionPreferences {

  private static final String SELECT = "SELECT model FROM sessions WHERE session_key = ?";
  private static final String SET = "INSERT INTO sessions (session_key, model, updated_at) VALUES (?, ?, ?)"
      + " ON CONFLICT (session_key) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at";

  private final CommitQueue queue;
  private final Clock clock;

  SqliteSessionPreferences(CommitQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  @Override
  public Future<String> model(String sessionKey) {
    return queue.read(connection -> {
      try (PreparedStatement select = connection.prepareStatement(SELECT)) {
        select.setString(1, sessionKey);
        try (ResultSet row = select.executeQuery()) {
          return row.next() ? row.getString(1) : null;
        }
      }
    });
  }

  @Override
  public Future<Void> setModel(String sessionKey, String modelOrNull) {
    long now = clock.millis();
    return queue.write(connection -> {
      try (PreparedStatement set = connection.prepareStatement(SET)) {
        set.setString(1, sessionKey);
        set.setString(2, modelOrNull);
        set.setLong(3, now);
        set.executeUpdate();
        return null;
      }
    });
  }
}

package dev.switchboard.store;

import dev.switchboard.store.SessionPreferences;
import io.vertx.core.Future;

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
    return queue.read(connection -> Sql.first(connection, SELECT, row -> row.getString(1), sessionKey));
  }

  @Override
  public Future<Void> setModel(String sessionKey, String modelOrNull) {
    long now = clock.millis();
    return queue.write(connection -> {
      Sql.update(connection, SET, sessionKey, modelOrNull, now);
      return null;
    });
  }
}

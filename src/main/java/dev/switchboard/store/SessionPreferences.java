package dev.switchboard.store;

import io.vertx.core.Future;

/**
 * What a user chose for their session with chat commands ({@code /model}): kept across restarts by
 * the SQLite store when the bridge runs, in memory for the command-line chat.
 */
public interface SessionPreferences {

  /** The model ref or alias the session chose with {@code /model}, or null for the configured chain. */
  Future<String> model(String sessionKey);

  /** Sets the session's model; null clears it ({@code /model default}). */
  Future<Void> setModel(String sessionKey, String modelOrNull);
}

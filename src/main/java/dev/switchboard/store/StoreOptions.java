package dev.switchboard.store;

import dev.switchboard.config.SessionConfig;

/**
 * Where the store lives and how long it keeps things.
 *
 * @param path            the SQLite file; its directory is created
 * @param sessionIdleDays sessions (history and preferences) untouched this long are deleted
 * @param busyTimeoutMs   how long opening waits for a lock held by another process before failing
 */
public record StoreOptions(String path, int sessionIdleDays, int busyTimeoutMs) {

  public static final int DEFAULT_SESSION_IDLE_DAYS = SessionConfig.DEFAULT_IDLE_DAYS;
  public static final int DEFAULT_BUSY_TIMEOUT_MS = 5_000;

  public StoreOptions {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("store path is required");
    }
    if (sessionIdleDays < 1 || busyTimeoutMs < 0) {
      throw new IllegalArgumentException("sessionIdleDays must be positive and busyTimeoutMs not negative");
    }
  }

  public static StoreOptions of(String path) {
    return new StoreOptions(path, DEFAULT_SESSION_IDLE_DAYS, DEFAULT_BUSY_TIMEOUT_MS);
  }

  /** The {@code session} section: {@code store.path} and {@code idleDays}. */
  public static StoreOptions from(SessionConfig session) {
    return new StoreOptions(session.storePath(), session.idleDays(), DEFAULT_BUSY_TIMEOUT_MS);
  }
}

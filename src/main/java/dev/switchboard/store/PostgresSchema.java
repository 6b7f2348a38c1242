package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL store's tables: those of the SQLite {@link Schema} at its latest version, in
 * PostgreSQL's types, versioned in {@code schema_version}. Migration {@code n} takes the database from
 * version {@code n-1} to {@code n} and never changes once released. Times are epoch milliseconds.
 *
 * <p>{@link #migrate} runs in one transaction that first takes {@code pg_advisory_xact_lock}: nodes
 * starting together on an empty database wait for each other, and the first creates the tables while
 * the others then find them at the latest version. The lock ends with the transaction, whatever happens.
 */
final class PostgresSchema {

  /** Any constant, the same on every node: names the lock that serializes migrations. */
  static final long MIGRATION_LOCK = 0x5357_4254_4348L;

  private static final List<List<String>> MIGRATIONS = List.of(List.of(
      "CREATE TABLE runs (id BIGSERIAL PRIMARY KEY, started_at BIGINT NOT NULL)",
      "CREATE TABLE seen (id TEXT PRIMARY KEY, run BIGINT NOT NULL, journaled INTEGER NOT NULL DEFAULT 0,"
          + " seen_at BIGINT NOT NULL)",
      "CREATE INDEX seen_by_time ON seen (seen_at)",
      "CREATE TABLE inbox (seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, session_key TEXT NOT NULL,"
          + " message TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', reason TEXT, arrived_at BIGINT NOT NULL,"
          + " finished_at BIGINT, claim BIGINT, owner TEXT, lease_until BIGINT, attempts INTEGER NOT NULL DEFAULT 0)",
      "CREATE INDEX inbox_pending ON inbox (seq) WHERE state = 'pending'",
      "CREATE INDEX inbox_pending_by_session ON inbox (session_key, seq) WHERE state = 'pending'",
      "CREATE INDEX inbox_claim ON inbox (claim) WHERE state = 'pending'",
      "CREATE INDEX inbox_finished ON inbox (finished_at) WHERE finished_at IS NOT NULL",
      "CREATE TABLE outbox (id BIGSERIAL PRIMARY KEY, inbound_id TEXT NOT NULL, channel TEXT NOT NULL,"
          + " sequence INTEGER NOT NULL, account_id TEXT, chat_id TEXT NOT NULL, thread_id TEXT, text TEXT NOT NULL,"
          + " state TEXT NOT NULL DEFAULT 'pending', platform_message_id TEXT, reason TEXT, created_at BIGINT NOT NULL,"
          + " finished_at BIGINT, chat_key TEXT NOT NULL DEFAULT '', claim BIGINT, owner TEXT, lease_until BIGINT)",
      "CREATE INDEX outbox_pending ON outbox (channel, id) WHERE state = 'pending'",
      "CREATE INDEX outbox_pending_by_chat ON outbox (chat_key, id) WHERE state = 'pending'",
      "CREATE INDEX outbox_claim ON outbox (claim) WHERE state = 'pending'",
      "CREATE INDEX outbox_finished ON outbox (finished_at) WHERE finished_at IS NOT NULL",
      "CREATE TABLE sessions (session_key TEXT PRIMARY KEY, model TEXT, updated_at BIGINT NOT NULL)",
      "CREATE INDEX sessions_by_update ON sessions (updated_at)",
      "CREATE TABLE session_messages (session_key TEXT NOT NULL, position INTEGER NOT NULL, role TEXT NOT NULL,"
          + " text TEXT NOT NULL, PRIMARY KEY (session_key, position))",
      "CREATE SEQUENCE claim_tokens",
      "CREATE TABLE pairing_pending (channel TEXT NOT NULL, sender_id TEXT NOT NULL, sender_name TEXT,"
          + " code TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, notified_at BIGINT NOT NULL,"
          + " PRIMARY KEY (channel, sender_id))",
      "CREATE TABLE pairing_approved (channel TEXT NOT NULL, sender_id TEXT NOT NULL, approved_at BIGINT NOT NULL,"
          + " PRIMARY KEY (channel, sender_id))"),
      List.of(
          // Sends to people (DESIGN §14), as in the SQLite schema's third migration.
          "ALTER TABLE outbox ADD COLUMN template TEXT",
          "CREATE INDEX outbox_by_platform_id ON outbox (channel, platform_message_id)"
              + " WHERE platform_message_id IS NOT NULL",
          "CREATE TABLE chats (channel TEXT NOT NULL, account_id TEXT NOT NULL, chat_id TEXT NOT NULL,"
              + " thread_id TEXT NOT NULL, session_key TEXT NOT NULL, last_inbound_at BIGINT NOT NULL,"
              + " PRIMARY KEY (channel, chat_id, thread_id, account_id))",
          "CREATE INDEX chats_by_time ON chats (last_inbound_at)",
          "CREATE TABLE sends (idempotency_key TEXT PRIMARY KEY, send_id TEXT NOT NULL, created_at BIGINT NOT NULL)",
          "CREATE INDEX sends_by_time ON sends (created_at)",
          "CREATE TABLE handover (session_key TEXT PRIMARY KEY, mode TEXT NOT NULL, changed_at BIGINT NOT NULL,"
              + " active_at BIGINT NOT NULL)"),
      List.of(
          // Previews of replies being written (DESIGN §15), as in the SQLite schema's fourth migration.
          "CREATE TABLE previews (channel TEXT NOT NULL, inbound_id TEXT NOT NULL, chat_id TEXT NOT NULL,"
              + " message_id TEXT NOT NULL, streamed INTEGER NOT NULL, created_at BIGINT NOT NULL,"
              + " PRIMARY KEY (channel, inbound_id))",
          "CREATE INDEX previews_by_time ON previews (created_at)"),
      List.of(
          // Versions of handover modes, as in the SQLite schema's fifth migration.
          "ALTER TABLE handover ADD COLUMN version BIGINT NOT NULL DEFAULT 0"));

  private PostgresSchema() {
  }

  static int latestVersion() {
    return MIGRATIONS.size();
  }

  /**
   * Brings the schema to {@link #latestVersion()} inside the caller's transaction, under the migration
   * lock. Refuses a database written by a newer build.
   */
  static void migrate(Connection connection, String location) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      sql.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
      sql.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      Integer stored = Sql.first(connection, "SELECT version FROM schema_version", row -> row.getInt(1));
      int version = stored == null ? 0 : stored;
      if (version > latestVersion()) {
        throw new StoreException("store " + location + " has schema version " + version
            + ", newer than this build understands (" + latestVersion() + "); use a newer Switchboard");
      }
      for (int next = version + 1; next <= latestVersion(); next++) {
        for (String statement : MIGRATIONS.get(next - 1)) {
          sql.execute(statement);
        }
      }
      if (stored == null) {
        sql.execute("INSERT INTO schema_version (version) VALUES (" + latestVersion() + ")");
      } else if (version < latestVersion()) {
        sql.execute("UPDATE schema_version SET version = " + latestVersion());
      }
    }
  }
}

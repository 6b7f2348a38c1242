package dev.switchboard.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables, versioned with {@code PRAGMA user_version}: migration {@code n} takes the file
 * from version {@code n-1} to {@code n}, and never changes once released. Times are epoch milliseconds.
 */
final class Schema {

  private static final List<List<String>> MIGRATIONS = List.of(
      List.of(
          // One row per start of the store: dedupe tells this run's sightings from a dead run's.
          "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at INTEGER NOT NULL)",
          "CREATE TABLE seen (id TEXT PRIMARY KEY, run INTEGER NOT NULL, journaled INTEGER NOT NULL DEFAULT 0,"
              + " seen_at INTEGER NOT NULL) WITHOUT ROWID",
          "CREATE INDEX seen_by_time ON seen (seen_at)",
          "CREATE TABLE inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
              + " session_key TEXT NOT NULL, message TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending',"
              + " reason TEXT, arrived_at INTEGER NOT NULL, finished_at INTEGER)",
          "CREATE INDEX inbox_pending ON inbox (seq) WHERE state = 'pending'",
          "CREATE INDEX inbox_pending_by_session ON inbox (session_key, seq) WHERE state = 'pending'",
          "CREATE INDEX inbox_finished ON inbox (finished_at) WHERE finished_at IS NOT NULL",
          "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, inbound_id TEXT NOT NULL,"
              + " channel TEXT NOT NULL, sequence INTEGER NOT NULL, account_id TEXT, chat_id TEXT NOT NULL,"
              + " thread_id TEXT, text TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending',"
              + " platform_message_id TEXT, reason TEXT, created_at INTEGER NOT NULL, finished_at INTEGER)",
          "CREATE INDEX outbox_pending ON outbox (channel, id) WHERE state = 'pending'",
          "CREATE INDEX outbox_finished ON outbox (finished_at) WHERE finished_at IS NOT NULL",
          "CREATE TABLE sessions (session_key TEXT PRIMARY KEY, model TEXT, updated_at INTEGER NOT NULL)"
              + " WITHOUT ROWID",
          "CREATE INDEX sessions_by_update ON sessions (updated_at)",
          "CREATE TABLE session_messages (session_key TEXT NOT NULL, position INTEGER NOT NULL,"
              + " role TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (session_key, position)) WITHOUT ROWID"),
      List.of(
          // Claims with a lease and a fencing token (InboxClaims, OutboxClaims), and pairing, moved
          // here from its side file.
          "ALTER TABLE inbox ADD COLUMN claim INTEGER",
          "ALTER TABLE inbox ADD COLUMN owner TEXT",
          "ALTER TABLE inbox ADD COLUMN lease_until INTEGER",
          "ALTER TABLE inbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
          "CREATE INDEX inbox_claim ON inbox (claim) WHERE state = 'pending'",
          "ALTER TABLE outbox ADD COLUMN chat_key TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE outbox ADD COLUMN claim INTEGER",
          "ALTER TABLE outbox ADD COLUMN owner TEXT",
          "ALTER TABLE outbox ADD COLUMN lease_until INTEGER",
          "UPDATE outbox SET chat_key = channel || char(10) || COALESCE(account_id, '') || char(10) || chat_id"
              + " || char(10) || COALESCE(thread_id, '')",
          "CREATE INDEX outbox_pending_by_chat ON outbox (chat_key, id) WHERE state = 'pending'",
          "CREATE INDEX outbox_claim ON outbox (claim) WHERE state = 'pending'",
          "CREATE TABLE claim_counter (token INTEGER NOT NULL)",
          "INSERT INTO claim_counter (token) VALUES (0)",
          "CREATE TABLE pairing_pending (channel TEXT NOT NULL, sender_id TEXT NOT NULL, sender_name TEXT,"
              + " code TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, notified_at INTEGER NOT NULL,"
              + " PRIMARY KEY (channel, sender_id))",
          "CREATE TABLE pairing_approved (channel TEXT NOT NULL, sender_id TEXT NOT NULL,"
              + " approved_at INTEGER NOT NULL, PRIMARY KEY (channel, sender_id))"),
      List.of(
          // Sends to people (DESIGN §14): a template instead of text, found again by the platform's id.
          "ALTER TABLE outbox ADD COLUMN template TEXT",
          "CREATE INDEX outbox_by_platform_id ON outbox (channel, platform_message_id)"
              + " WHERE platform_message_id IS NOT NULL",
          "CREATE TABLE chats (channel TEXT NOT NULL, account_id TEXT NOT NULL, chat_id TEXT NOT NULL,"
              + " thread_id TEXT NOT NULL, session_key TEXT NOT NULL, last_inbound_at INTEGER NOT NULL,"
              + " PRIMARY KEY (channel, chat_id, thread_id, account_id)) WITHOUT ROWID",
          "CREATE INDEX chats_by_time ON chats (last_inbound_at)",
          "CREATE TABLE sends (idempotency_key TEXT PRIMARY KEY, send_id TEXT NOT NULL,"
              + " created_at INTEGER NOT NULL) WITHOUT ROWID",
          "CREATE INDEX sends_by_time ON sends (created_at)",
          "CREATE TABLE handover (session_key TEXT PRIMARY KEY, mode TEXT NOT NULL, changed_at INTEGER NOT NULL,"
              + " active_at INTEGER NOT NULL) WITHOUT ROWID"),
      List.of(
          // The message that shows a reply while it is written (DESIGN §15), until the final lands in it.
          "CREATE TABLE previews (channel TEXT NOT NULL, inbound_id TEXT NOT NULL, chat_id TEXT NOT NULL,"
              + " message_id TEXT NOT NULL, streamed INTEGER NOT NULL, created_at INTEGER NOT NULL,"
              + " PRIMARY KEY (channel, inbound_id)) WITHOUT ROWID",
          "CREATE INDEX previews_by_time ON previews (created_at)"),
      List.of(
          // Each change of a session's mode counts up its version: a change a turn makes from the mode it
          // read is stored only if no one changed it since (HandoverModes#setIfUnchanged).
          "ALTER TABLE handover ADD COLUMN version INTEGER NOT NULL DEFAULT 0"));

  private Schema() {
  }

  /** The version this build writes. */
  static int latestVersion() {
    return MIGRATIONS.size();
  }

  /**
   * Brings the schema to {@link #latestVersion()}; runs inside the caller's transaction, so a failed
   * migration leaves the file as it was. Refuses a file written by a newer build.
   */
  static void migrate(Connection connection, String path) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      int version;
      try (ResultSet row = sql.executeQuery("PRAGMA user_version")) {
        version = row.next() ? row.getInt(1) : 0;
      }
      if (version > latestVersion()) {
        throw new StoreException("store " + path + " has schema version " + version
            + ", newer than this build understands (" + latestVersion() + "); use a newer Switchboard");
      }
      for (int next = version + 1; next <= latestVersion(); next++) {
        for (String statement : MIGRATIONS.get(next - 1)) {
          sql.execute(statement);
        }
        sql.execute("PRAGMA user_version = " + next);
      }
    }
  }
}

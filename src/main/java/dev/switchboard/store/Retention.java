package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What the store forgets, and when: sessions idle past {@code idleDays}; inbox and outbox rows
 * {@link #FINISHED_RETENTION} after they were finished (kept that long for inspection); dedupe ids
 * {@link #FINISHED_RETENTION} after they were seen, far beyond any platform's retries; known chats and
 * handover modes idle past {@code idleDays} like sessions; idempotency keys of sends
 * {@link #FINISHED_RETENTION} after they were used, and previews of replies (a final that never came)
 * as long after they were shown. Unfinished
 * rows are never pruned.
 */
final class Retention {

  static final Duration FINISHED_RETENTION = Duration.ofDays(7);

  private static final String IDLE_MESSAGES = "DELETE FROM session_messages WHERE session_key IN"
      + " (SELECT session_key FROM sessions WHERE updated_at < ?)";
  private static final String IDLE_SESSIONS = "DELETE FROM sessions WHERE updated_at < ?";
  private static final String FINISHED_INBOX = "DELETE FROM inbox WHERE finished_at < ?";
  private static final String FINISHED_OUTBOX = "DELETE FROM outbox WHERE finished_at < ?";
  private static final String OLD_SEEN = "DELETE FROM seen WHERE seen_at < ?";
  private static final String IDLE_CHATS = "DELETE FROM chats WHERE last_inbound_at < ?";
  private static final String IDLE_HANDOVERS = "DELETE FROM handover WHERE active_at < ?";
  private static final String OLD_SEND_KEYS = "DELETE FROM sends WHERE created_at < ?";
  private static final String OLD_PREVIEWS = "DELETE FROM previews WHERE created_at < ?";

  private final Duration sessionIdle;

  Retention(int sessionIdleDays) {
    this.sessionIdle = Duration.ofDays(sessionIdleDays);
  }

  Pruned prune(Connection connection, long now) throws SQLException {
    long idleBefore = now - sessionIdle.toMillis();
    long finishedBefore = now - FINISHED_RETENTION.toMillis();
    Sql.update(connection, IDLE_MESSAGES, idleBefore);
    Sql.update(connection, IDLE_CHATS, idleBefore);
    Sql.update(connection, IDLE_HANDOVERS, idleBefore);
    Sql.update(connection, OLD_SEND_KEYS, finishedBefore);
    Sql.update(connection, OLD_PREVIEWS, finishedBefore);
    return new Pruned(Sql.update(connection, IDLE_SESSIONS, idleBefore),
        Sql.update(connection, FINISHED_INBOX, finishedBefore), Sql.update(connection, FINISHED_OUTBOX, finishedBefore),
        Sql.update(connection, OLD_SEEN, finishedBefore));
  }
}

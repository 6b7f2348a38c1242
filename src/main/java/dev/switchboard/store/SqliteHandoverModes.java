package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.SessionMode;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link HandoverModes} in the {@code handover} table, one row per session ever handed over. */
final class SqliteHandoverModes implements HandoverModes {

  private static final String GET = "SELECT mode, changed_at, active_at, version FROM handover WHERE session_key = ?";
  private static final String CURRENT = "SELECT mode, version FROM handover WHERE session_key = ?";
  /**
   * A mode stored anew starts at its time in milliseconds, not at 1: a session's row pruned as idle and
   * stored again must not come back at a version a turn read from the old row, or that turn would take
   * a person's takeover for no change. The old row counted up by one per change from its own start, at
   * least a day ({@code idleDays}) earlier.
   */
  private static final String SET = "INSERT INTO handover (session_key, mode, changed_at, active_at, version)"
      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_key) DO UPDATE SET mode = excluded.mode,"
      + " changed_at = excluded.changed_at, active_at = excluded.active_at, version = handover.version + 1";
  private static final String SET_IF_UNCHANGED = SET + " WHERE handover.version = ?";
  /**
   * An operator's activity moves the version on too: a turn that read the mode before it (the bot
   * taking an idle session back, say) must not overwrite a session an operator just spoke in.
   */
  private static final String TOUCH = "UPDATE handover SET active_at = ?, version = version + 1"
      + " WHERE session_key = ? AND active_at < ?";

  private final CommitQueue queue;

  SqliteHandoverModes(CommitQueue queue) {
    this.queue = queue;
  }

  @Override
  public Future<Optional<HandoverState>> get(String sessionKey) {
    return queue.read(connection -> Optional.ofNullable(Sql.first(connection, GET,
        row -> new HandoverState(sessionKey, SessionMode.fromWire(row.getString(1)), row.getLong(2), row.getLong(3),
            row.getLong(4)),
        sessionKey)));
  }

  @Override
  public Future<Void> set(String sessionKey, SessionMode mode, long at) {
    // Waits for a turn that checked the mode in its write (current) to commit: no change lands in between.
    return queue.write(lockKey(sessionKey), connection -> {
      Sql.update(connection, SET, sessionKey, mode.wireName(), at, at, firstVersion(at));
      return null;
    });
  }

  @Override
  public Future<Boolean> setIfUnchanged(String sessionKey, ModeChange change, long at) {
    return queue.write(connection -> setIfUnchanged(connection, sessionKey, change, at));
  }

  /** As {@link #setIfUnchanged(String, ModeChange, long)} in the caller's transaction: a claimed turn's answer. */
  static boolean setIfUnchanged(Connection connection, String sessionKey, ModeChange change, long at)
      throws SQLException {
    return Sql.update(connection, SET_IF_UNCHANGED, sessionKey, change.mode().wireName(), at, at, firstVersion(at),
        change.seenVersion()) > 0;
  }

  /**
   * Whether the session's mode is still at {@code seenVersion}, in the caller's transaction, which holds
   * {@link #lockKey}: what keeping a turn's messages for a person is conditional on. A mode no longer stored
   * is at {@link #UNSET}.
   */
  static boolean stillAt(Connection connection, String sessionKey, long seenVersion) throws SQLException {
    return current(connection, sessionKey).version() == seenVersion;
  }

  /**
   * Whether a person took the session since a bot turn read its mode at {@code seenVersion}, in the caller's
   * transaction, which holds {@link #lockKey}: what the bot's answer is conditional on ({@link BotAnswer}).
   */
  static boolean takenOver(Connection connection, String sessionKey, long seenVersion) throws SQLException {
    Current now = current(connection, sessionKey);
    return now.version() != seenVersion && now.mode() == SessionMode.HUMAN;
  }

  private static long firstVersion(long at) {
    return Math.max(UNSET + 1, at);
  }

  private record Current(SessionMode mode, long version) {
  }

  /**
   * The session's mode and version, read in a transaction that holds the session's lock ({@link #lockKey}),
   * as {@link #set}'s does: on PostgreSQL, whose transactions see what others committed after they began, an
   * operator's change made on another node between this read and the caller's commit would otherwise go
   * unseen. A mode no longer stored is the bot's, at {@link #UNSET}.
   */
  private static Current current(Connection connection, String sessionKey) throws SQLException {
    Current stored = Sql.first(connection, CURRENT,
        row -> new Current(SessionMode.fromWire(row.getString(1)), row.getLong(2)), sessionKey);
    return stored == null ? new Current(SessionMode.BOT, UNSET) : stored;
  }

  /**
   * The advisory lock ({@link CommitQueue#write(String, SqlWork)}) of the session's mode: held by the
   * transactions that change it and by those whose writes hold only as long as it does not change.
   */
  static String lockKey(String sessionKey) {
    return "handover " + sessionKey;
  }

  @Override
  public Future<Boolean> keepIfUnchanged(String sessionKey, long seenVersion, List<ChatMessage> said, String lastId,
                                         long at) {
    return queue.write(lockKey(sessionKey), connection -> {
      if (!stillAt(connection, sessionKey, seenVersion)) {
        return false;
      }
      keep(connection, sessionKey, said, lastId, at);
      return true;
    });
  }

  @Override
  public Future<Boolean> answerUnlessTaken(String sessionKey, BotAnswer answer, HistoryChange answered, String lastId,
                                           long at) {
    return queue.write(lockKey(sessionKey), connection -> {
      if (takenOver(connection, sessionKey, answer.seenVersion())) {
        keep(connection, sessionKey, answer.said(), lastId, at);
        return false;
      }
      if (!answered.isNone()) {
        SqliteSessionHistory.write(connection, sessionKey, answered, at);
      }
      return true;
    });
  }

  /** Keeps a turn's messages for the person who has the session: in the history, and answered. */
  private static void keep(Connection connection, String sessionKey, List<ChatMessage> said, String lastId, long at)
      throws SQLException {
    SqliteSessionHistory.write(connection, sessionKey, HistoryChange.append(said), at);
    StatementWrite.of(SqliteInbox.answer(lastId, at)).run(connection);
  }

  @Override
  public Future<Void> touch(String sessionKey, long at) {
    return queue.write(connection -> {
      Sql.update(connection, TOUCH, at, sessionKey, at);
      return null;
    });
  }
}

package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link InboxClaims} on the {@code inbox} table, for both databases. A claimed message stays
 * {@code pending} (unfinished) with its {@code claim} token, {@code owner} and {@code lease_until} set.
 * A session's head is its oldest pending message; a head is free when unclaimed or its lease ended,
 * and no pending message of its session is under a live lease. Claiming locks the head row
 * ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL: a head another node is claiming is passed over), then
 * the session itself ({@link Dialect#tryLock}), looks again whether another node claimed the session
 * meanwhile, and takes the whole session. The later messages of a session are never heads while an
 * older one is pending, so no other node can claim them meanwhile.
 *
 * <p>Why the session lock and the second look: on PostgreSQL an inbox row's {@code seq} is drawn when
 * it is inserted, not when it commits. A message journaled by one node can commit after a later one
 * journaled by another, and after that later one was claimed; it is then an older, unclaimed head of
 * a session that a live turn holds, and taking it (or the whole session) would run two turns of one
 * session at once. Such a late message waits for the running turn and is answered after it.
 */
final class SqlInboxClaims implements InboxClaims {

  private static final String DROP_POISON = "UPDATE inbox SET state = 'dropped', reason = 'too many attempts',"
      + " finished_at = ? WHERE seq = ?";
  private static final String READ = "SELECT message FROM inbox WHERE claim = ? AND state = 'pending' ORDER BY seq";
  private static final String ANSWER = "UPDATE inbox SET state = 'answered', finished_at = ?"
      + " WHERE claim = ? AND state = 'pending'";
  private static final String DROP = "UPDATE inbox SET state = 'dropped', reason = ?, finished_at = ?"
      + " WHERE claim = ? AND state = 'pending'";
  private static final String GIVE_BACK = "UPDATE inbox SET claim = NULL, owner = NULL, lease_until = NULL,"
      + " attempts = attempts - 1 WHERE claim = ? AND id = ? AND state = 'pending'";
  private static final String HOLDS = "SELECT 1 FROM inbox WHERE claim = ? AND state = 'pending' LIMIT 1";
  private static final String RELEASE = "UPDATE inbox SET claim = NULL, owner = NULL, lease_until = NULL,"
      + " attempts = attempts - 1 WHERE claim = ? AND state = 'pending'";

  private final CommitQueue queue;
  private final Clock clock;
  private final Dialect dialect;
  private final ClaimGroups sessions;
  private final String head;
  private final String claim;
  private final String renew;

  SqlInboxClaims(CommitQueue queue, Clock clock, Dialect dialect) {
    this.queue = queue;
    this.clock = clock;
    this.dialect = dialect;
    this.sessions = sessions(dialect);
    this.head = sessions.head("seq, session_key, attempts", "TRUE");
    this.claim = "UPDATE inbox SET claim = ?, owner = ?, lease_until = " + dialect.nowMillis() + " + ?,"
        + " attempts = attempts + 1 WHERE seq IN (SELECT seq FROM inbox WHERE session_key = ? AND state = 'pending'"
        + " AND " + sessions.free() + " ORDER BY seq LIMIT " + MAX_TURN_MESSAGES + ")";
    this.renew = sessions.renew();
  }

  /** Sessions as claim groups: the inbox's messages by session, in arrival order. */
  static ClaimGroups sessions(Dialect dialect) {
    return new ClaimGroups("inbox", "session_key", "seq", dialect);
  }

  private record Head(long seq, String sessionKey, int attempts) {
  }

  @Override
  public Future<List<ClaimedTurn>> claimTurns(String owner, Duration lease, int maxTurns) {
    long leaseMs = lease.toMillis();
    long now = clock.millis();
    return queue.write(connection -> {
      List<ClaimedTurn> turns = new ArrayList<>();
      Set<String> claimed = new HashSet<>();
      while (turns.size() < maxTurns) {
        Head next = Sql.first(connection, head, row -> new Head(row.getLong(1), row.getString(2), row.getInt(3)));
        // A session claimed by this call comes back only when the lease is shorter than the call itself.
        if (next == null || claimed.contains(next.sessionKey())) {
          break;
        }
        if (sessions.claimedMeanwhile(connection, next.sessionKey())) {
          // The next call sees the session busy and passes over it.
          break;
        }
        if (next.attempts() >= MAX_ATTEMPTS) {
          Sql.update(connection, DROP_POISON, now, next.seq());
          continue;
        }
        long token = dialect.nextToken(connection);
        Sql.update(connection, claim, token, owner, leaseMs, next.sessionKey());
        claimed.add(next.sessionKey());
        turns.add(new ClaimedTurn(token, next.sessionKey(), read(connection, token)));
      }
      return turns;
    });
  }

  private static List<InboundMessage> read(Connection connection, long token) throws SQLException {
    return Sql.list(connection, READ, row -> InboundMessage.fromJson(new JsonObject(row.getString(1))), token);
  }

  @Override
  public Future<Boolean> renew(long token, Duration lease) {
    long leaseMs = lease.toMillis();
    return queue.write(connection -> Sql.update(connection, renew, leaseMs, token) > 0);
  }

  @Override
  public Future<Optional<Answered>> answer(ClaimedTurn turn, HistoryChange history, HandoverDecision handover,
                                          List<ChunkedReply> notes, ChunkedReply reply) {
    List<ChunkedReply> fileNotes = List.copyOf(notes);
    long now = clock.millis();
    String key = turn.sessionKey();
    // A turn that holds to the mode it read checks it under the session's lock, which its transaction takes
    // first, before any row: a transaction holding rows never waits for it (CommitQueue.write(lock, work)).
    boolean checksTheMode = handover instanceof KeptForPerson || handover instanceof BotAnswer;
    return queue.write(checksTheMode ? SqliteHandoverModes.lockKey(key) : null, connection -> {
      if (handover instanceof KeptForPerson kept && !SqliteHandoverModes.stillAt(connection, key, kept.seenVersion())) {
        // The person no longer has the session as the turn read it: nothing is written, and the claim stays with
        // its node, which decides again on the mode as it is now, with the messages as it read them.
        boolean holds = Sql.first(connection, HOLDS, row -> true, turn.token()) != null;
        return holds ? Optional.of(Answered.KEPT_TOO_LATE) : Optional.empty();
      }
      // Given back first, so that the answer marks only the turn's own messages; under a lost claim both touch nothing.
      for (String id : turn.givenBack()) {
        Sql.update(connection, GIVE_BACK, turn.token(), id);
      }
      if (Sql.update(connection, ANSWER, now, turn.token()) == 0) {
        return Optional.empty();
      }
      BotAnswer withheld = handover instanceof BotAnswer bot
          && SqliteHandoverModes.takenOver(connection, key, bot.seenVersion()) ? bot : null;
      HistoryChange change = withheld == null ? history : HistoryChange.append(withheld.said());
      if (!change.isNone()) {
        SqliteSessionHistory.write(connection, key, change, now);
      }
      boolean modeChanged = handover instanceof ModeChange modeChange
          && SqliteHandoverModes.setIfUnchanged(connection, key, modeChange, now);
      // The bot's answer is left out of a withheld turn; the notes about its files go out as a kept turn's do.
      List<ChunkedReply> sent = new ArrayList<>(fileNotes);
      if (reply != null && withheld == null) {
        sent.add(reply);
      }
      // Inserted in order, so their ids, by which a chat's chunks are sent, keep it.
      List<OutboxChunk> written = new ArrayList<>();
      for (ChunkedReply each : sent) {
        written.addAll(SqliteOutbox.insert(connection, each.reply().inboundId(), turn.last().channel(), each.reply(),
            each.chunks(), now));
      }
      return Optional.of(new Answered(written, modeChanged, false, withheld != null));
    });
  }

  @Override
  public Future<Boolean> drop(long token, String reason) {
    long now = clock.millis();
    return queue.write(connection -> Sql.update(connection, DROP, reason, now, token) > 0);
  }

  @Override
  public Future<Boolean> release(long token) {
    return queue.write(connection -> Sql.update(connection, RELEASE, token) > 0);
  }
}

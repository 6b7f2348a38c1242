package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Inbox} in the {@code inbox} table; journaling also marks the id seen for dedupe and
 * records the chat in the {@link ChatDirectory}. Journaling runs on the intake queue, the rest on the
 * store's main queue (see {@link SqlStore}).
 */
final class SqliteInbox implements Inbox {

  /**
   * The journal of a message not deduplicated yet: not when its id was journaled before, nor when this
   * run's dedupe log has it (a message the gate dropped, or one on its way to the journal); an id only
   * an earlier run saw and never journaled is new (see {@link SqliteDedupeLog}). The parameter after
   * the id is the run whose sightings count: {@link #ANY_RUN} once the dedupe log has let the id
   * through (or took it back), so that only an earlier journal stops it.
   */
  private static final String JOURNAL_IF_NEW = "INSERT INTO inbox (id, session_key, message, arrived_at)"
      + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM seen WHERE id = ? AND (journaled = 1 OR run = ?))"
      + " ON CONFLICT (id) DO NOTHING";
  /** After the journal's insert: a duplicate that {@link #JOURNAL_IF_NEW} left out is not marked journaled. */
  private static final String MARK_SEEN = "INSERT INTO seen (id, run, seen_at, journaled)"
      + " SELECT ?, ?, ?, 1 WHERE EXISTS (SELECT 1 FROM inbox WHERE id = ?) ON CONFLICT (id) DO UPDATE SET journaled = 1";
  /**
   * PostgreSQL: the same three statements as one (data-modifying CTEs), so that a webhook's transaction
   * is one round trip before its COMMIT instead of three. The rows it changes are the seen marks, one
   * for a message journaled now.
   */
  private static final String JOURNAL_IF_NEW_IN_ONE = "WITH journaled AS (" + JOURNAL_IF_NEW + " RETURNING id),"
      + " chat AS (" + SqliteChatDirectory.SEEN + ")"
      + " INSERT INTO seen (id, run, seen_at, journaled) SELECT id, ?, ?, 1 FROM journaled"
      + " ON CONFLICT (id) DO UPDATE SET journaled = 1";
  private static final String ANSWER = "UPDATE inbox SET state = 'answered', finished_at = ?"
      + " WHERE state = 'pending' AND session_key = (SELECT session_key FROM inbox WHERE id = ?)"
      + " AND seq <= (SELECT seq FROM inbox WHERE id = ?)";
  private static final String DROP = "UPDATE inbox SET state = 'dropped', reason = ?, finished_at = ?"
      + " WHERE id = ? AND state = 'pending'";
  /** No run is numbered -1 ({@code runs.id} counts from 1). */
  private static final long ANY_RUN = -1;
  private static final String UNANSWERED = "SELECT message FROM inbox WHERE state = 'pending' ORDER BY seq";

  /**
   * Benchmark only ({@code -Dswitchboard.bench.journalOff=true}): journaling succeeds without writing
   * (and so, for a message the gate lets through at once, without its dedupe record), so that a run
   * shows what the store adds to a webhook's ack. Never set it for a real bridge: a
   * message acknowledged and then lost in a crash would never be answered.
   */
  private static final boolean JOURNAL_OFF_FOR_BENCHMARK = Boolean.getBoolean("switchboard.bench.journalOff");

  private final CommitQueue intake;
  private final CommitQueue queue;
  private final SqliteDedupeLog dedupe;
  private final Dialect dialect;
  private final Clock clock;
  private final long run;

  SqliteInbox(CommitQueue intake, CommitQueue queue, SqliteDedupeLog dedupe, Dialect dialect, Clock clock, long run) {
    this.intake = intake;
    this.queue = queue;
    this.dedupe = dedupe;
    this.dialect = dialect;
    this.clock = clock;
    this.run = run;
  }

  @Override
  public Future<Void> journal(InboundMessage message) {
    return journal(message, ANY_RUN).mapEmpty();
  }

  @Override
  public Future<Boolean> journalIfNew(InboundMessage message) {
    return journal(message, dedupe.takeBack(message.id()) ? ANY_RUN : run);
  }

  /** True when the message was journaled now; see {@link #JOURNAL_IF_NEW} for {@code sightingsOf}. */
  private Future<Boolean> journal(InboundMessage message, long sightingsOf) {
    if (JOURNAL_OFF_FOR_BENCHMARK) {
      return Future.succeededFuture(true);
    }
    String json = message.toJson().encode();
    long now = clock.millis();
    Object[] journal = {message.id(), SessionKeys.of(message), json, now, message.id(), sightingsOf};
    StatementWrite.Statement chat = SqliteChatDirectory.seen(message);
    if (dialect == Dialect.POSTGRESQL) {
      List<Object> parameters = new ArrayList<>(List.of(journal));
      parameters.addAll(List.of(chat.parameters()));
      parameters.add(run);
      parameters.add(now);
      return intake.writeFirst(StatementWrite.of(ran -> ran.changed()[0] == 1,
          new StatementWrite.Statement(JOURNAL_IF_NEW_IN_ONE, parameters.toArray())));
    }
    return intake.writeFirst(StatementWrite.of(ran -> ran.changed()[0] == 1,
        new StatementWrite.Statement(JOURNAL_IF_NEW, journal),
        new StatementWrite.Statement(MARK_SEEN, message.id(), run, now, message.id()),
        chat));
  }

  @Override
  public Future<Void> markAnswered(String inboundId) {
    return queue.write(StatementWrite.of(answer(inboundId, clock.millis())));
  }

  /** Marks the message, and earlier ones of its session still pending, answered at {@code now}. */
  static StatementWrite.Statement answer(String inboundId, long now) {
    return new StatementWrite.Statement(ANSWER, now, inboundId, inboundId);
  }

  @Override
  public Future<Void> markDropped(String inboundId, String reason) {
    return queue.write(StatementWrite.of(new StatementWrite.Statement(DROP, reason, clock.millis(), inboundId)));
  }

  @Override
  public Future<List<InboundMessage>> unanswered() {
    return queue.read(connection -> Sql.list(connection, UNANSWERED,
        row -> InboundMessage.fromJson(new JsonObject(row.getString(1)))));
  }
}

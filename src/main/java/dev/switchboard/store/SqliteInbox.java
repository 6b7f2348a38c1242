package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;

/**
 * The {@link Inbox} in the {@code inbox} table; journaling also marks the id seen for dedupe and
 * records the chat in the {@link ChatDirectory}. Journaling runs on the intake queue, the rest on the
 * store's main queue (see {@link SqlStore}).
 */
final class SqliteInbox implements Inbox {

  private static final String JOURNAL = "INSERT INTO inbox (id, session_key, message, arrived_at)"
      + " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
  private static final String MARK_SEEN = "INSERT INTO seen (id, run, seen_at, journaled) VALUES (?, ?, ?, 1)"
      + " ON CONFLICT (id) DO UPDATE SET journaled = 1";
  private static final String ANSWER = "UPDATE inbox SET state = 'answered', finished_at = ?"
      + " WHERE state = 'pending' AND session_key = (SELECT session_key FROM inbox WHERE id = ?)"
      + " AND seq <= (SELECT seq FROM inbox WHERE id = ?)";
  private static final String DROP = "UPDATE inbox SET state = 'dropped', reason = ?, finished_at = ?"
      + " WHERE id = ? AND state = 'pending'";
  private static final String UNANSWERED = "SELECT message FROM inbox WHERE state = 'pending' ORDER BY seq";

  /**
   * Benchmark only ({@code -Dswitchboard.bench.journalOff=true}): journaling succeeds without writing,
   * so that a run shows what the journal adds to a webhook's ack. Never set it for a real bridge: a
   * message acknowledged and then lost in a crash would never be answered.
   */
  private static final boolean JOURNAL_OFF_FOR_BENCHMARK = Boolean.getBoolean("switchboard.bench.journalOff");

  private final CommitQueue intake;
  private final CommitQueue queue;
  private final Clock clock;
  private final long run;

  SqliteInbox(CommitQueue intake, CommitQueue queue, Clock clock, long run) {
    this.intake = intake;
    this.queue = queue;
    this.clock = clock;
    this.run = run;
  }

  @Override
  public Future<Void> journal(InboundMessage message) {
    if (JOURNAL_OFF_FOR_BENCHMARK) {
      return Future.succeededFuture();
    }
    String json = message.toJson().encode();
    String sessionKey = SessionKeys.of(message);
    long now = clock.millis();
    return intake.write(StatementWrite.of(
        new StatementWrite.Statement(JOURNAL, message.id(), sessionKey, json, now),
        new StatementWrite.Statement(MARK_SEEN, message.id(), run, now),
        SqliteChatDirectory.seen(message)));
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

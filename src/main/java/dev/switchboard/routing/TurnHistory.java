package dev.switchboard.routing;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.store.HistoryChange;
import dev.switchboard.store.SessionHistory;
import io.vertx.core.Future;

import java.util.List;

/**
 * A turn's view of its session's history: what the turn writes is held here and committed with the
 * turn's answer, in the transaction that checks the answer still holds: in a cluster
 * ({@link ClaimedTurns}) that the claim is still held, so that a node whose claim was taken over while
 * its model worked writes nothing (DESIGN.md §10.1), and on one node with handover
 * ({@link HandoverTurns}) that no person took the session meanwhile (§14). Reads see the stored history
 * with the turn's own writes. A replace (a compaction) replaces the stored messages the turn last read
 * and nothing else: messages stored by others since (an operator's message) are not the turn's to drop.
 * Confined to the router's context.
 */
final class TurnHistory implements SessionHistory {

  private final SessionHistory stored;
  private final String sessionKey;
  private HistoryChange change = HistoryChange.NONE;
  /** How many stored messages the turn last read. */
  private int read;

  TurnHistory(SessionHistory stored, String sessionKey) {
    this.stored = stored;
    this.sessionKey = sessionKey;
  }

  /** What the turn wrote, as one change. */
  HistoryChange change() {
    return change;
  }

  @Override
  public Future<List<ChatMessage>> load(String key) {
    return ownSession(key).compose(own -> stored.load(key)).map(messages -> {
      read = messages.size();
      return change.applyTo(messages);
    });
  }

  @Override
  public Future<Void> append(String key, List<ChatMessage> turn) {
    return ownSession(key).onSuccess(own -> change = change.plus(turn));
  }

  /** {@code messages} stand for all the turn read, its own writes included. */
  @Override
  public Future<Void> replace(String key, List<ChatMessage> messages) {
    return ownSession(key).onSuccess(own -> change = HistoryChange.replace(read, messages));
  }

  /** Only the stored messages the turn read give way: what others stored since stays, before the turn's own. */
  @Override
  public Future<Void> compact(String key, List<ChatMessage> compacted, List<ChatMessage> turn) {
    return ownSession(key).onSuccess(own -> change = HistoryChange.replace(read, compacted).plus(turn));
  }

  /** Forgets what the turn read and wrote. */
  @Override
  public Future<Void> clear(String key) {
    return replace(key, List.of());
  }

  /** A turn changes its own session only: the change commits with that session's claim. */
  private Future<Void> ownSession(String key) {
    return sessionKey.equals(key) ? Future.succeededFuture()
        : Future.failedFuture(new IllegalArgumentException("a turn of session " + sessionKey + " cannot change " + key));
  }
}

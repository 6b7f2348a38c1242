package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import io.vertx.core.Future;

import java.util.List;

/**
 * Inbound messages accepted from a platform, kept until they are answered or dropped, so that a crash
 * after the platform got its 200 loses nothing: at start, {@link #unanswered()} are published again.
 */
public interface Inbox {

  /**
   * Durably records the message (with its session key and arrival order). A channel answers the
   * platform 200 only after this succeeded. Journaling an id again changes nothing. The message's chat
   * and sending time go to the {@link ChatDirectory} in the same transaction.
   */
  Future<Void> journal(InboundMessage message);

  /**
   * Deduplicates and journals the message in one transaction, as {@link DedupeLog#firstSighting} and
   * then {@link #journal} would with one commit fewer: true when this was the id's first sighting and
   * the message is now journaled, false for a duplicate (journaled before, or seen by the dedupe log
   * in this run; an id the log took back with {@link DedupeLog#forget} is new again). Of concurrent
   * calls with the same id, exactly one gets true. When it fails nothing was recorded, so the
   * platform's retry is a first sighting.
   */
  Future<Boolean> journalIfNew(InboundMessage message);

  /**
   * The message has its answer. Earlier messages of the same session still waiting are answered too:
   * the router joins messages that arrive during a turn into the next one and replies to the last.
   */
  Future<Void> markAnswered(String inboundId);

  /** The message will never be answered (the reason is kept for inspection). */
  Future<Void> markDropped(String inboundId, String reason);

  /** Journaled messages neither answered nor dropped, in arrival order (so per session too). */
  Future<List<InboundMessage>> unanswered();
}

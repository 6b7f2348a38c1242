package dev.switchboard.store;

import dev.switchboard.bus.Reply;
import io.vertx.core.Future;

import java.util.List;

/**
 * Reply chunks waiting to reach a platform. A reply is durable once enqueued: a crash afterwards
 * re-sends the chunks not yet sent and never runs the model again for that message.
 */
public interface Outbox {

  /**
   * Records the reply's chunks, in order, and marks its inbound message answered (see
   * {@link Inbox#markAnswered}), in one transaction. Returns the chunks with their ids.
   */
  Future<List<OutboxChunk>> enqueue(String inboundId, String channel, Reply reply, List<String> chunks);

  /** The chunk reached the platform, which gave it this id (null when the platform gives none). */
  Future<Void> markSent(long chunkId, String platformMessageId);

  /**
   * The chunk will never be sent: a final refusal (blocked by the user, WhatsApp 131047 outside the
   * 24-hour window) or an ambiguous timeout, which must not be resent.
   */
  Future<Void> markFailed(long chunkId, String reason);

  /** The channel's chunks neither sent nor failed, oldest first. */
  Future<List<OutboxChunk>> pending(String channel);
}

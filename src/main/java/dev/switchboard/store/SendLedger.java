package dev.switchboard.store;

import io.vertx.core.Future;

import java.util.Optional;

/**
 * Messages sent to people at another application's request ({@code switchboard.send}), kept in the
 * outbox with the replies; and what the platforms said about the chunks they accepted.
 */
public interface SendLedger {

  /**
   * Writes the message's chunks (or its template) to the outbox, once: when its idempotency key was
   * used before, nothing is written and the first send's id comes back. Durable when it completes.
   */
  Future<QueuedSend> enqueue(OutboundMessage message);

  /** The chunk the platform accepted under this id (a WhatsApp wamid…), if the outbox still has it. */
  Future<Optional<SentChunk>> findSent(String channel, String platformMessageId);
}

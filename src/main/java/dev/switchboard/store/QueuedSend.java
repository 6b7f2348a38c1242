package dev.switchboard.store;

import java.util.List;

/**
 * What {@link SendLedger#enqueue} did.
 *
 * @param id        the send's id: the new one, or the first one queued under the same idempotency key
 * @param chunks    the chunks written, to send now; empty for a duplicate
 * @param duplicate true when the idempotency key was already used, so nothing was queued again
 */
public record QueuedSend(String id, List<OutboxChunk> chunks, boolean duplicate) {

  public QueuedSend {
    chunks = List.copyOf(chunks);
  }
}

package dev.switchboard.store;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * The outbox as a work queue shared by several nodes: each pending chunk is sent by exactly one node,
 * and the chunks of one chat (its channel, account, chat and thread) in order, by one node at a time.
 *
 * <p>A claim takes every pending chunk of a chat whose oldest pending chunk is free (never claimed,
 * or its lease expired), under one fencing token from the same ever-growing sequence as
 * {@link InboxClaims}. Marking a chunk sent or failed names the token and changes nothing once a newer
 * claim took the chat over. A platform call itself cannot be fenced: keep the lease renewed while the
 * chat is worked on ({@link LeaseKeeper}), call {@link #renew} right before each send and each retry,
 * and stop once it says false, so that only a node paused past its lease in the middle of a call can
 * send a chunk twice. Lease times come from the database's clock.
 */
public interface OutboxClaims {

  /**
   * Claims up to {@code maxChats} chats' pending chunks of {@code channel} for {@code owner} until
   * {@code lease} from now; oldest first, each chat's chunks in order.
   */
  Future<List<ClaimedChunks>> claimChunks(String owner, String channel, Duration lease, int maxChats);

  /** Extends the claim's lease; false when the chat was taken over or its chunks are all finished. */
  Future<Boolean> renew(long token, Duration lease);

  /** The chunk reached the platform (see {@link Outbox#markSent}); false when fenced out. */
  Future<Boolean> markSent(long token, long chunkId, String platformMessageId);

  /** The chunk will never be sent (see {@link Outbox#markFailed}); false when fenced out. */
  Future<Boolean> markFailed(long token, long chunkId, String reason);

  /**
   * Gives the chat's unsent chunks back (a node stopping cleanly) so that another node claims them at
   * once instead of after the lease; this token is fenced out from then on. False when already fenced out.
   */
  Future<Boolean> release(long token);
}

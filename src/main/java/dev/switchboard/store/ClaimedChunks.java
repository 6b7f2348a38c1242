package dev.switchboard.store;

import java.util.List;

/**
 * One chat's pending chunks claimed by one node (see {@link OutboxClaims}).
 *
 * @param token  the fencing token: marking a chunk sent or failed names it
 * @param chunks the chat's pending chunks, oldest first (replies in order, each reply's chunks in order)
 */
public record ClaimedChunks(long token, List<OutboxChunk> chunks) {

  public ClaimedChunks {
    chunks = List.copyOf(chunks);
  }
}

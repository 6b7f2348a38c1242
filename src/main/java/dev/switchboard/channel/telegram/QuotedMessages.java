package dev.switchboard.channel.telegram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Telegram {@code message_id} of each inbound message still waiting for its reply, so that the
 * reply can quote it: the bus id is {@code telegram:<update_id>}, which Telegram cannot quote.
 * Bounded, oldest first out; a reply whose question was forgotten (or that another node received)
 * is simply sent without a quote. Confined to the channel's context.
 */
final class QuotedMessages {

  static final int DEFAULT_CAPACITY = 10_000;

  private final Map<String, Long> messageIds;

  QuotedMessages(int capacity) {
    this.messageIds = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > capacity;
      }
    };
  }

  void remember(String inboundId, long messageId) {
    messageIds.put(inboundId, messageId);
  }

  /** The message id to quote, or null; forgotten afterwards. */
  Long take(String inboundId) {
    return messageIds.remove(inboundId);
  }
}

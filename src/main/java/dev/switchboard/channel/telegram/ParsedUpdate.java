package dev.switchboard.channel.telegram;

import dev.switchboard.bus.InboundMessage;

/** What a webhook {@code Update} turned out to be: a message for the bridge, or something to acknowledge and drop. */
public sealed interface ParsedUpdate {

  /**
   * A text message the bot should answer.
   *
   * @param messageId Telegram's {@code message_id}, which a reply quotes (the bus id holds the update id)
   */
  record Accepted(InboundMessage message, long messageId) implements ParsedUpdate {
  }

  /** Anything else (an edit, a bot's message, a group chat not addressed to the bot…), with why. */
  record Ignored(String reason) implements ParsedUpdate {
  }
}

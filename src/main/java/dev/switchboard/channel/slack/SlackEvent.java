package dev.switchboard.channel.slack;

import dev.switchboard.bus.InboundMessage;

/** What one Events API request asks of the bridge, as {@link SlackEventParser} reads it. */
public sealed interface SlackEvent {

  /** The handshake Slack sends when the Request URL is saved: answer with the challenge. */
  record UrlVerification(String challenge) implements SlackEvent {
  }

  /** Nothing to do (a bot's message, an edit, an unsubscribed event type…); acknowledged all the same. */
  record Ignored(String reason) implements SlackEvent {
  }

  /**
   * A message for the model. It has two deduplication keys: {@code message.id()},
   * {@code slack:<event_id>}, which Slack's retries repeat; and {@code messageKey}: the message
   * itself, which Slack may deliver again under another event id (as {@code app_mention} and as
   * {@code message}).
   *
   * @param messageKey {@code slack:<channel>:<ts>}
   */
  record Message(InboundMessage message, String messageKey) implements SlackEvent {
  }
}

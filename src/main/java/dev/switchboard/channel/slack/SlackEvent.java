package dev.switchboard.channel.slack;

import dev.switchboard.bus.InboundMessage;
import dev.switchboard.channel.DedupeLog;
import io.vertx.core.Future;

/** What one Events API request asks of the bridge, as {@link SlackEventParser} reads it. */
public sealed interface SlackEvent {

  /** The handshake Slack sends when the Request URL is saved: answer with the challenge. */
  record UrlVerification(String challenge) implements SlackEvent {
  }

  /** Nothing to do (a bot's message, an edit, an unsubscribed event type…); acknowledged all the same. */
  record Ignored(String reason) implements SlackEvent {
  }

  /**
   * A message for the model.
   *
   * @param messageKey {@code slack:<channel>:<ts>}: the message itself, whichever event delivered it
   */
  record Message(InboundMessage message, String messageKey) implements SlackEvent {

    /**
     * True when neither the event ({@code slack:<event_id>}, repeated by Slack's retries) nor the
     * message ({@code channel}+{@code ts}, shared by the {@code app_mention} and {@code message}
     * events of one mention) was seen before. Both keys are always recorded, so a later delivery by
     * either route is recognised whichever came first.
     */
    public Future<Boolean> firstSighting(DedupeLog log) {
      Future<Boolean> byEvent = log.firstSighting(message.id());
      Future<Boolean> byMessage = log.firstSighting(messageKey);
      return Future.all(byEvent, byMessage).map(both -> byEvent.result() && byMessage.result());
    }
  }
}

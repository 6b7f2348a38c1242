package dev.switchboard.channel.gate;

/**
 * What {@link ChannelGate} decided for one inbound message.
 *
 * @param action what the channel does with the message
 * @param reason why, for logs and tests (null for {@link Action#PUBLISH})
 * @param text   for {@link Action#REPLY}: the text to send back to the sender in the same chat
 */
public record GateDecision(Action action, String reason, String text) {

  public enum Action {
    /** Hand the message to the router. */
    PUBLISH,
    /** Drop it silently (the webhook is still acknowledged). */
    IGNORE,
    /** Drop it, but answer the sender with {@link #text()} (a pairing code, a rate-limit notice). */
    REPLY
  }

  private static final GateDecision PUBLISH = new GateDecision(Action.PUBLISH, null, null);

  public static GateDecision publish() {
    return PUBLISH;
  }

  public static GateDecision ignore(String reason) {
    return new GateDecision(Action.IGNORE, reason, null);
  }

  public static GateDecision reply(String reason, String text) {
    return new GateDecision(Action.REPLY, reason, text);
  }
}

package dev.switchboard.bus;

/** Every event-bus address Switchboard uses; payloads are always {@code JsonObject}. */
public final class Addresses {

  /** send: an {@link InboundMessage} accepted by a channel, for the router. */
  public static final String INBOUND = "switchboard.inbound";

  /** request–reply: {@link AskRequest} to {@link AskReply}, for other verticles and the HTTP API. */
  public static final String ASK = "switchboard.ask";

  /** publish: failover, breaker and delivery events, for whoever watches. */
  public static final String EVENTS = "switchboard.events";

  /**
   * request–reply, local: the chain's state for {@code /readyz} and {@code /status}:
   * {@code {anyAvailable, models:[{model, state, reason?, until?}]}}.
   */
  public static final String STATUS = "switchboard.status";

  private static final String OUTBOUND_PREFIX = "switchboard.outbound.";
  private static final String DRAFT_PREFIX = "switchboard.draft.";
  private static final String ANSWER_PREFIX = "switchboard.answer.";
  private static final String OUTBOX_PREFIX = "switchboard.outbox.";

  private Addresses() {
  }

  /**
   * publish, cluster mode: reply chunks of the named channel were written to the shared outbox; every
   * node running the channel tries to claim them (one wins). Empty body.
   */
  public static String outbox(String channel) {
    return OUTBOX_PREFIX + channel;
  }

  /** send: the {@link Reply} to deliver through the named channel (whatsapp, telegram, slack). */
  public static String outbound(String channel) {
    return OUTBOUND_PREFIX + channel;
  }

  /** send: the pieces of one streamed answer, {@code {text}} each, for the {@link AskRequest#streamTo} that named it. */
  public static String answer(String streamId) {
    return ANSWER_PREFIX + streamId;
  }

  /**
   * send, this node only: a {@link DraftPiece} of a reply still being written, for a channel that
   * shows replies as they grow; the channel's {@link Reply} follows on {@link #outbound}, also to this node.
   */
  public static String draft(String channel) {
    return DRAFT_PREFIX + channel;
  }
}

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

  /** request–reply: a {@link SendRequest} to a person, answered with a {@link SendReceipt} once queued durably. */
  public static final String SEND = "switchboard.send";

  /** publish: a {@link ConversationEvent} for every accepted inbound message, reply and sent message. */
  public static final String CONVERSATION = "switchboard.conversation";

  /** request–reply: a {@link HandoverRequest} puts a session in human or bot mode; the answer echoes it. */
  public static final String HANDOVER = "switchboard.handover";

  /**
   * send, internal: {@code {session, text}}, a message an operator sent into a session, for the router
   * to add to the session's history in its place in the conversation.
   */
  public static final String SESSION_NOTES = "switchboard.session.notes";

  private static final String OUTBOUND_PREFIX = "switchboard.outbound.";
  private static final String SEND_PREFIX = "switchboard.send.";
  private static final String ANSWERING_PREFIX = "switchboard.answering.";
  private static final String DRAFT_PREFIX = "switchboard.draft.";
  private static final String WITHHELD_PREFIX = "switchboard.withheld.";
  private static final String ANSWER_PREFIX = "switchboard.answer.";
  private static final String MEDIA_PREFIX = "switchboard.media.";
  private static final String OUTBOX_PREFIX = "switchboard.outbox.";

  private Addresses() {
  }

  /**
   * publish, cluster mode: reply chunks of the named channel were written to the shared outbox; every
   * node running the channel tries to claim them (one wins). Empty body, or, for a claimed turn's
   * reply, the {@link Reply} without its text, so that the node showing "typing…" in that chat stops.
   */
  public static String outbox(String channel) {
    return OUTBOX_PREFIX + channel;
  }

  /** send: the {@link Reply} to deliver through the named channel (whatsapp, telegram, slack). */
  public static String outbound(String channel) {
    return OUTBOUND_PREFIX + channel;
  }

  /**
   * send, this node only: the {@link InboundMessage} a model turn is about to answer (the last of its
   * batch), so that the channel shows "typing…" in that chat until the {@link Reply} comes. Only a
   * model turn is announced: a session kept for a person, a chat command and a note about a file get none.
   */
  public static String answering(String channel) {
    return ANSWERING_PREFIX + channel;
  }

  /** request–reply, internal: the {@link SendRequest}s {@link #SEND} hands to the named channel. */
  public static String sendVia(String channel) {
    return SEND_PREFIX + channel;
  }

  /** send: the {@link AnswerPiece}s of one streamed answer, for the {@link AskRequest#streamTo} that named it. */
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

  /**
   * send, this node only: the {@link Reply}, without its text, that a model turn announced on
   * {@link #answering} will not send after all (a person took the session while the model answered,
   * DESIGN.md §14), so that the channel stops "typing…" in that chat and takes back what it showed of the
   * reply on {@link #draft}.
   */
  public static String withheld(String channel) {
    return WITHHELD_PREFIX + channel;
  }

  /**
   * request–reply: {@code {ref: MediaRef, maxBytes}} to {@code {mimeType?, bytes}}, the file downloaded by
   * the named channel with its credentials; failures carry a reason a user may read.
   */
  public static String media(String channel) {
    return MEDIA_PREFIX + channel;
  }
}

package dev.switchboard.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** A request Switchboard refused, with the {@link Refusal} and a message for the caller. */
public final class RefusedRequest extends RuntimeException {

  private final Refusal refusal;

  public RefusedRequest(Refusal refusal, String message) {
    super(message, null, false, false);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }

  /** Fails the bus request the way {@link #from} reads it back. */
  public void failReply(Message<?> request) {
    request.fail(refusal.status(), refusal.code() + ": " + getMessage());
  }

  /**
   * What a failed request on {@link Addresses#SEND} or {@link Addresses#HANDOVER} means: a refusal of
   * ours, or {@link Refusal#UNAVAILABLE} when nobody answered (no such consumer, a timeout).
   */
  public static RefusedRequest from(Throwable failure) {
    if (failure instanceof RefusedRequest refused) {
      return refused;
    }
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && reply.getMessage() != null) {
      String message = reply.getMessage();
      int colon = message.indexOf(": ");
      Refusal refusal = colon > 0 ? Refusal.fromCode(message.substring(0, colon)) : null;
      if (refusal != null) {
        return new RefusedRequest(refusal, message.substring(colon + 2));
      }
    }
    return new RefusedRequest(Refusal.UNAVAILABLE, "Switchboard did not answer: " + failure.getMessage());
  }
}

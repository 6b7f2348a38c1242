package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/**
 * A request on {@link Addresses#HANDOVER}: the session (its key, as in {@link ConversationEvent#session()})
 * goes to a person ({@link SessionMode#HUMAN}) or back to the bot. The answer has the same shape.
 */
public record HandoverRequest(String session, SessionMode mode) {

  public JsonObject toJson() {
    return new JsonObject().put("session", session).put("mode", mode.wireName());
  }

  /** Reads a request; throws a {@link RefusedRequest} saying what is wrong. */
  public static HandoverRequest fromJson(Object body) {
    if (!(body instanceof JsonObject json) || !(json.getValue("session") instanceof String session)
        || session.isBlank()) {
      throw new RefusedRequest(Refusal.INVALID_REQUEST, "session must be a session key");
    }
    SessionMode mode = SessionMode.fromWire(json.getValue("mode"));
    if (mode == null) {
      throw new RefusedRequest(Refusal.INVALID_REQUEST, "mode must be \"human\" or \"bot\"");
    }
    return new HandoverRequest(session, mode);
  }
}

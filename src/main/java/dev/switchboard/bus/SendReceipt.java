package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/**
 * The answer to a {@link SendRequest}: the message is durably queued under {@code id}, which the
 * {@code sent} and {@code delivery_failed} events on {@link Addresses#EVENTS} carry too.
 */
public record SendReceipt(String id, String status) {

  public static final String QUEUED = "queued";
  private static final String ID_PREFIX = "send-";

  /** A new send id; it never looks like an inbound message's {@code <channel>:<id>}. */
  public static String newId() {
    return ID_PREFIX + java.util.UUID.randomUUID();
  }

  /** Whether an outbox origin is a send (else it is the inbound message a reply answers). */
  public static boolean isSendId(String origin) {
    return origin != null && origin.startsWith(ID_PREFIX);
  }

  public static SendReceipt queued(String id) {
    return new SendReceipt(id, QUEUED);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("status", status);
  }

  public static SendReceipt fromJson(JsonObject json) {
    return new SendReceipt(json.getString("id"), json.getString("status"));
  }
}

package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.Addresses;
import io.vertx.core.json.JsonObject;

/**
 * A message WhatsApp accepted and later reported by a {@code failed} status (a send it refused at once
 * is reported by the channel). Code 131047 means the 24-hour customer-service window is closed and
 * only a template may reach the user.
 *
 * @param messageId the wamid of the failed message
 * @param chatId    the recipient
 */
public record DeliveryFailure(String messageId, String chatId, int code, String reason) {

  /** Error code of a free-form message sent outside the 24-hour window. */
  public static final int REENGAGEMENT_REQUIRED = 131047;

  public boolean reengagementRequired() {
    return code == REENGAGEMENT_REQUIRED;
  }

  /** The {@code delivery_failed} event published on {@link Addresses#EVENTS}. */
  public JsonObject toEvent() {
    JsonObject event = new JsonObject().put("type", "delivery_failed").put("channel", WhatsAppChannel.NAME)
        .put("code", code).put("chatId", chatId).put("reason", reason);
    if (messageId != null) {
      event.put("messageId", messageId);
    }
    return event;
  }
}

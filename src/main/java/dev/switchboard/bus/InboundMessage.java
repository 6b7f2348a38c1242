package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/**
 * A text message a channel accepted from a platform, on its way to the router.
 *
 * @param id         {@code <channel>:<platform message id>}, the deduplication key
 * @param accountId  which bot or business number received it (WhatsApp phone_number_id, Slack team…)
 * @param threadId   a Slack thread or Telegram topic, or null
 * @param receivedAt when the platform says it was sent, epoch milliseconds
 * @param replyToId  the platform id of the message this one answers, or null
 */
public record InboundMessage(String id, String channel, String accountId, String chatId, ChatType chatType,
                             String senderId, String senderName, String threadId, String text,
                             long receivedAt, String replyToId) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id).put("channel", channel).put("accountId", accountId).put("chatId", chatId)
        .put("chatType", chatType.wireName()).put("senderId", senderId).put("senderName", senderName)
        .put("text", text).put("receivedAt", receivedAt);
    if (threadId != null) {
      json.put("threadId", threadId);
    }
    if (replyToId != null) {
      json.put("replyToId", replyToId);
    }
    return json;
  }

  public static InboundMessage fromJson(JsonObject json) {
    return new InboundMessage(json.getString("id"), json.getString("channel"), json.getString("accountId"),
        json.getString("chatId"), ChatType.fromWire(json.getString("chatType")), json.getString("senderId"),
        json.getString("senderName"), json.getString("threadId"), json.getString("text"),
        json.getLong("receivedAt", 0L), json.getString("replyToId"));
  }

  /** The platform's own message id: {@code id} without the {@code <channel>:} prefix. */
  public String platformMessageId() {
    return id.substring(id.indexOf(':') + 1);
  }
}

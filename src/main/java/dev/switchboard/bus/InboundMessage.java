package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/**
 * A message a channel accepted from a platform, on its way to the router: text, and perhaps a file
 * (a voice note, a photo, a document), named by its {@link MediaRef} and read at turn time.
 *
 * @param id         {@code <channel>:<platform message id>}, the deduplication key
 * @param accountId  which bot or business number received it (WhatsApp phone_number_id, Slack team…)
 * @param threadId   a Slack thread or Telegram topic, or null
 * @param receivedAt when the platform says it was sent, epoch milliseconds
 * @param replyToId  the platform id of the message this one answers, or null
 * @param media      the file the user sent, or null; {@code text} is then its caption (perhaps empty)
 */
public record InboundMessage(String id, String channel, String accountId, String chatId, ChatType chatType,
                             String senderId, String senderName, String threadId, String text,
                             long receivedAt, String replyToId, MediaRef media) {

  /** A text message. */
  public InboundMessage(String id, String channel, String accountId, String chatId, ChatType chatType,
                        String senderId, String senderName, String threadId, String text,
                        long receivedAt, String replyToId) {
    this(id, channel, accountId, chatId, chatType, senderId, senderName, threadId, text, receivedAt, replyToId, null);
  }

  /** The same message with other text and no file: what the router makes of a file it has read. */
  public InboundMessage withText(String replacement) {
    return new InboundMessage(id, channel, accountId, chatId, chatType, senderId, senderName, threadId, replacement,
        receivedAt, replyToId, null);
  }

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
    if (media != null) {
      json.put("media", media.toJson());
    }
    return json;
  }

  public static InboundMessage fromJson(JsonObject json) {
    return new InboundMessage(json.getString("id"), json.getString("channel"), json.getString("accountId"),
        json.getString("chatId"), ChatType.fromWire(json.getString("chatType")), json.getString("senderId"),
        json.getString("senderName"), json.getString("threadId"), json.getString("text"),
        json.getLong("receivedAt", 0L), json.getString("replyToId"),
        json.getValue("media") instanceof JsonObject media ? MediaRef.fromJson(media) : null);
  }

  /** The platform's own message id: {@code id} without the {@code <channel>:} prefix. */
  public String platformMessageId() {
    return id.substring(id.indexOf(':') + 1);
  }
}

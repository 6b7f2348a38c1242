package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/**
 * A piece of a reply's final text, sent while the model is still writing it to a channel that shows
 * replies as they grow. Only a preview: the whole {@link Reply} follows and is what gets delivered.
 *
 * @param inboundId the {@link InboundMessage#id()} the reply answers
 * @param senderId  who wrote that message (Slack shows a stream outside DMs to that user only)
 * @param text      the new text, to append to the pieces before it
 */
public record DraftPiece(String inboundId, String accountId, String chatId, String threadId, String senderId,
                         String text) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("inboundId", inboundId).put("accountId", accountId)
        .put("chatId", chatId).put("senderId", senderId).put("text", text);
    if (threadId != null) {
      json.put("threadId", threadId);
    }
    return json;
  }

  public static DraftPiece fromJson(JsonObject json) {
    return new DraftPiece(json.getString("inboundId"), json.getString("accountId"), json.getString("chatId"),
        json.getString("threadId"), json.getString("senderId"), json.getString("text"));
  }

  /** A piece of the reply to {@code message}. */
  public static DraftPiece of(InboundMessage message, String text) {
    return new DraftPiece(message.id(), message.accountId(), message.chatId(), message.threadId(), message.senderId(),
        text);
  }
}

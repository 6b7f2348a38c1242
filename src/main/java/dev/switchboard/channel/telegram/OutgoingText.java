package dev.switchboard.channel.telegram;

import io.vertx.core.json.JsonObject;

/**
 * One {@code sendMessage} call: a chunk of a reply, with where it goes.
 *
 * @param threadId         the forum topic to post in, or null (echoed, else the text lands in General)
 * @param parseMode        {@code HTML}, or null for plain text
 * @param replyToMessageId the message this one quotes, or null
 */
public record OutgoingText(long chatId, Long threadId, String text, String parseMode, Long replyToMessageId) {

  public static final String HTML = "HTML";

  /** The {@code sendMessage} body; link previews are off since a model's links are rarely worth a card. */
  public JsonObject toJson() {
    JsonObject body = new JsonObject().put("chat_id", chatId).put("text", text)
        .put("link_preview_options", new JsonObject().put("is_disabled", true));
    if (parseMode != null) {
      body.put("parse_mode", parseMode);
    }
    if (threadId != null) {
      body.put("message_thread_id", threadId);
    }
    if (replyToMessageId != null) {
      // the quoted message may be deleted meanwhile; the answer still matters
      body.put("reply_parameters", new JsonObject().put("message_id", replyToMessageId)
          .put("allow_sending_without_reply", true));
    }
    return body;
  }

  /** The same message to the supergroup a group migrated to. */
  public OutgoingText inChat(long newChatId) {
    return new OutgoingText(newChatId, threadId, text, parseMode, replyToMessageId);
  }

  /** The same message as plain text, for when Telegram cannot parse the formatted one. */
  public OutgoingText asPlain(String plainText) {
    return new OutgoingText(chatId, threadId, plainText, null, replyToMessageId);
  }
}

package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/**
 * What the router sends a channel to deliver: the final text of a turn, never reasoning.
 *
 * @param inboundId    the {@link InboundMessage#id()} this answers (the last one, when several joined a turn)
 * @param model        the model ref that produced the text, or null for a bridge-made reply (apology, command)
 * @param fallbackFrom the primary that failed over to {@code model}, or null
 */
public record Reply(String inboundId, String accountId, String chatId, String threadId, String text,
                    String model, String fallbackFrom) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("inboundId", inboundId).put("accountId", accountId)
        .put("chatId", chatId).put("text", text);
    if (threadId != null) {
      json.put("threadId", threadId);
    }
    if (model != null) {
      json.put("model", model);
    }
    if (fallbackFrom != null) {
      json.put("fallbackFrom", fallbackFrom);
    }
    return json;
  }

  public static Reply fromJson(JsonObject json) {
    return new Reply(json.getString("inboundId"), json.getString("accountId"), json.getString("chatId"),
        json.getString("threadId"), json.getString("text"), json.getString("model"), json.getString("fallbackFrom"));
  }

  /** Where the reply goes and what it answers, without its text: for a channel to stop showing it coming. */
  public Reply withoutText() {
    return new Reply(inboundId, accountId, chatId, threadId, "", null, null);
  }

  /** A reply to the given message, in its chat and thread. */
  public static Reply to(InboundMessage message, String text, String model, String fallbackFrom) {
    return new Reply(message.id(), message.accountId(), message.chatId(), message.threadId(), text, model,
        fallbackFrom);
  }
}

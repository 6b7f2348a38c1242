package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/**
 * One item of a conversation on {@link Addresses#CONVERSATION}: a message a user wrote ({@code inbound}),
 * the bot's reply ({@code reply}) or a message sent to the person with {@link Addresses#SEND}
 * ({@code sent}).
 *
 * @param session  the session key, or null for a send to a chat nobody wrote in yet
 * @param senderId who wrote, for {@code inbound}; else null
 * @param model    the model that wrote a {@code reply}; else null (also for bridge-made replies)
 * @param id       the inbound message's id, or the send's id
 * @param at       when it happened, epoch milliseconds
 */
public record ConversationEvent(String type, String session, String channel, String chatId, String senderId,
                                String text, String model, String id, long at) {

  public static final String INBOUND = "inbound";
  public static final String REPLY = "reply";
  public static final String SENT = "sent";

  public static ConversationEvent inbound(InboundMessage message, String session) {
    return new ConversationEvent(INBOUND, session, message.channel(), message.chatId(), message.senderId(),
        message.text(), null, message.id(), message.receivedAt());
  }

  public static ConversationEvent reply(String channel, String session, Reply reply, long at) {
    return new ConversationEvent(REPLY, session, channel, reply.chatId(), null, reply.text(), reply.model(),
        reply.inboundId(), at);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("session", session).put("channel", channel)
        .put("chatId", chatId).put("text", text).put("id", id).put("at", at);
    if (senderId != null) {
      json.put("senderId", senderId);
    }
    if (model != null) {
      json.put("model", model);
    }
    return json;
  }

  public static ConversationEvent fromJson(JsonObject json) {
    return new ConversationEvent(json.getString("type"), json.getString("session"), json.getString("channel"),
        json.getString("chatId"), json.getString("senderId"), json.getString("text"), json.getString("model"),
        json.getString("id"), json.getLong("at", 0L));
  }
}

package dev.switchboard.bus;

import dev.switchboard.bus.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A request on {@link Addresses#ASK}. Either a {@code session} plus one new {@code text} (the router
 * keeps the history), or a whole stateless conversation in {@code messages} (the HTTP API sends the
 * client's history as it got it).
 *
 * @param session      conversation key, or null
 * @param model        a ref, an alias, {@code switchboard} or null for the default chain
 * @param instructions a system prompt replacing the configured one, or null
 * @param streamTo     an address to send the answer's text to as it is written, piece by piece
 *                     ({@link AnswerPiece}s, in order), before the reply; null for the reply alone
 */
public record AskRequest(String session, String text, List<ChatMessage> messages, String instructions,
                         String model, String streamTo) {

  public AskRequest {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }

  public AskRequest(String session, String text, List<ChatMessage> messages, String instructions, String model) {
    this(session, text, messages, instructions, model, null);
  }

  public static AskRequest text(String session, String text) {
    return new AskRequest(session, text, List.of(), null, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (session != null) {
      json.put("session", session);
    }
    if (text != null) {
      json.put("text", text);
    }
    if (!messages.isEmpty()) {
      JsonArray array = new JsonArray();
      messages.forEach(m -> array.add(m.toJson()));
      json.put("messages", array);
    }
    if (instructions != null) {
      json.put("instructions", instructions);
    }
    if (model != null) {
      json.put("model", model);
    }
    if (streamTo != null) {
      json.put("streamTo", streamTo);
    }
    return json;
  }

  /** Reads a request; throws IllegalArgumentException (with a message for the caller) when it is unusable. */
  public static AskRequest fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("body must be a JSON object");
    }
    List<ChatMessage> messages = new ArrayList<>();
    JsonArray array = json.getJsonArray("messages");
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        Object item = array.getValue(i);
        if (!(item instanceof JsonObject message) || !(message.getValue("text") instanceof String)) {
          throw new IllegalArgumentException("messages[" + i + "] must be {role, text}");
        }
        messages.add(ChatMessage.fromJson(message));
      }
    }
    Object text = json.getValue("text");
    if (text != null && !(text instanceof String)) {
      throw new IllegalArgumentException("text must be a string");
    }
    if ((text == null || ((String) text).isBlank()) && messages.isEmpty()) {
      throw new IllegalArgumentException("text (or messages) is required");
    }
    if (json.getValue("streamTo") != null && !(json.getValue("streamTo") instanceof String)) {
      throw new IllegalArgumentException("streamTo must be an address");
    }
    return new AskRequest(json.getString("session"), (String) text, messages, json.getString("instructions"),
        json.getString("model"), json.getString("streamTo"));
  }
}

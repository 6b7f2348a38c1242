package dev.switchboard.model;

import io.vertx.core.json.JsonObject;

/** One turn of a conversation as the model sees it: who said it and the plain text. */
public record ChatMessage(Role role, String text) {

  public enum Role {
    USER, ASSISTANT;

    public String wireName() {
      return name().toLowerCase();
    }
  }

  public static ChatMessage user(String text) {
    return new ChatMessage(Role.USER, text);
  }

  public static ChatMessage assistant(String text) {
    return new ChatMessage(Role.ASSISTANT, text);
  }

  public JsonObject toJson() {
    return new JsonObject().put("role", role.wireName()).put("text", text);
  }

  public static ChatMessage fromJson(JsonObject json) {
    return new ChatMessage("assistant".equals(json.getString("role")) ? Role.ASSISTANT : Role.USER,
        json.getString("text"));
  }
}

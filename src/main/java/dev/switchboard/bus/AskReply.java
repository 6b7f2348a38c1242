package dev.switchboard.bus;

import dev.switchboard.bus.Usage;
import io.vertx.core.json.JsonObject;

/** The answer to an {@link AskRequest}: final text, the model that wrote it and whether it was a fallback. */
public record AskReply(String text, String model, String fallbackFrom, Usage usage) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("text", text).put("model", model).put("usage", usage.toJson());
    if (fallbackFrom != null) {
      json.put("fallbackFrom", fallbackFrom);
    }
    return json;
  }

  public static AskReply fromJson(JsonObject json) {
    return new AskReply(json.getString("text"), json.getString("model"), json.getString("fallbackFrom"),
        Usage.fromJson(json.getJsonObject("usage")));
  }
}

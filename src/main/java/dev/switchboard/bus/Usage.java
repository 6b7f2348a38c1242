package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/** Token counts a backend reported for one answer (0 when it reported none). */
public record Usage(long inputTokens, long outputTokens) {

  public static final Usage NONE = new Usage(0, 0);

  public JsonObject toJson() {
    return new JsonObject().put("inputTokens", inputTokens).put("outputTokens", outputTokens)
        .put("totalTokens", inputTokens + outputTokens);
  }

  public static Usage fromJson(JsonObject json) {
    return json == null ? NONE : new Usage(json.getLong("inputTokens", 0L), json.getLong("outputTokens", 0L));
  }
}

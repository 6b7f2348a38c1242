package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/**
 * A piece of a streamed answer's final text, sent to the {@link AskRequest#streamTo} address while the
 * model writes it. It names the model as the {@link AskReply} will: the chain fails over only before
 * the first piece, so every piece of one answer and its reply name the same model.
 *
 * @param text         the new text, to append to the pieces before it
 * @param model        the model ref writing the answer
 * @param fallbackFrom the primary that failed over to {@code model}, or null
 */
public record AnswerPiece(String text, String model, String fallbackFrom) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("text", text).put("model", model);
    if (fallbackFrom != null) {
      json.put("fallbackFrom", fallbackFrom);
    }
    return json;
  }

  public static AnswerPiece fromJson(JsonObject json) {
    return new AnswerPiece(json.getString("text", ""), json.getString("model"), json.getString("fallbackFrom"));
  }
}

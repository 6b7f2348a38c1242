package dev.switchboard.channel.http;

import dev.switchboard.bus.AskReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The OpenAI Responses API as Switchboard serves it: request to conversation, final text to response. */
final class ResponsesWire {

  private static final HexFormat HEX = HexFormat.of();

  private ResponsesWire() {
  }

  static ConversationInput input(JsonObject body) {
    Object instructions = body.getValue("instructions");
    if (instructions != null && !(instructions instanceof String)) {
      throw ApiError.invalid("instructions", "instructions must be a string");
    }
    if (body.getValue("tools") instanceof JsonArray tools && !tools.isEmpty()) {
      throw ApiError.invalid("tools", "tools are not supported: Switchboard answers with text only");
    }
    if (body.getValue("previous_response_id") != null) {
      throw ApiError.invalid("previous_response_id",
          "previous_response_id is not supported: send the whole conversation as input (store is always false)");
    }
    ConversationInput.Builder builder = new ConversationInput.Builder("input", (String) instructions);
    Object input = body.getValue("input");
    if (input instanceof String text) {
      builder.add("user", text, "input");
    } else if (input instanceof JsonArray items) {
      for (int i = 0; i < items.size(); i++) {
        String param = "input[" + i + "]";
        if (!(items.getValue(i) instanceof JsonObject item)) {
          throw ApiError.invalid(param, "input items must be objects");
        }
        String type = item.getString("type", "message");
        if (type.equals("reasoning")) {
          continue;
        }
        if (!type.equals("message")) {
          throw ApiError.invalid(param + ".type", "only message items are supported, not \"" + type + "\"");
        }
        builder.add(item.getString("role"), ConversationInput.contentText(item.getValue("content"), param + ".content"),
            param);
      }
    } else {
      throw ApiError.invalid("input", "input must be a string or an array of message items");
    }
    return builder.build();
  }

  /** A completed {@code response} object holding one assistant message with the final text. */
  static JsonObject response(AskReply reply, String instructions, long createdAtSeconds) {
    return response(reply, reply.text(), instructions, createdAtSeconds, "resp_" + randomId(), "msg_" + randomId());
  }

  static JsonObject response(AskReply reply, String text, String instructions, long createdAtSeconds,
                             String responseId, String messageId) {
    JsonObject usage = reply.usage().toJson();
    return envelope(responseId, reply.model(), instructions, createdAtSeconds).put("status", "completed")
        .put("output", new JsonArray().add(message(messageId, text)))
        .put("usage", new JsonObject().put("input_tokens", usage.getLong("inputTokens"))
            .put("input_tokens_details", new JsonObject().put("cached_tokens", 0).put("cache_write_tokens", 0))
            .put("output_tokens", usage.getLong("outputTokens"))
            .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 0))
            .put("total_tokens", usage.getLong("totalTokens")));
  }

  /** A {@code response} object's fixed fields; status, output and usage are the caller's. */
  static JsonObject envelope(String responseId, String model, String instructions, long createdAtSeconds) {
    return new JsonObject().put("id", responseId).put("object", "response")
        .put("created_at", createdAtSeconds).put("error", null)
        .put("incomplete_details", null).put("instructions", instructions).put("model", model)
        .put("parallel_tool_calls", false)
        .put("tool_choice", "auto").put("tools", new JsonArray()).put("temperature", 1.0).put("top_p", 1.0)
        .put("metadata", new JsonObject()).put("store", false);
  }

  /** The assistant message item: completed with {@code text}, or still empty and in progress when it is null. */
  static JsonObject message(String messageId, String text) {
    JsonObject message = new JsonObject().put("type", "message").put("id", messageId).put("role", "assistant");
    return text == null
        ? message.put("status", "in_progress").put("content", new JsonArray())
        : message.put("status", "completed").put("content", new JsonArray().add(outputText(text)));
  }

  static JsonObject outputText(String text) {
    return new JsonObject().put("type", "output_text").put("text", text)
        .put("annotations", new JsonArray()).put("logprobs", new JsonArray());
  }

  /**
   * 32 random hex digits naming a response or message. The ids only tell answers apart and guard
   * nothing, so they come from the thread's own generator, not from {@code UUID.randomUUID}'s
   * SecureRandom, which cost more than the rest of writing the answer object.
   */
  static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
  }
}

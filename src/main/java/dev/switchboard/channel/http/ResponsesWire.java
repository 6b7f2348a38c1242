package dev.switchboard.channel.http;

import dev.switchboard.bus.AskReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The OpenAI Responses API as Switchboard serves it: request to conversation, final text to response. */
final class ResponsesWire {

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
    JsonObject usage = reply.usage().toJson();
    JsonObject message = new JsonObject().put("type", "message").put("id", "msg_" + compactUuid())
        .put("status", "completed").put("role", "assistant")
        .put("content", new JsonArray().add(new JsonObject().put("type", "output_text").put("text", reply.text())
            .put("annotations", new JsonArray()).put("logprobs", new JsonArray())));
    return new JsonObject().put("id", "resp_" + compactUuid()).put("object", "response")
        .put("created_at", createdAtSeconds).put("status", "completed").put("error", null)
        .put("incomplete_details", null).put("instructions", instructions).put("model", reply.model())
        .put("output", new JsonArray().add(message)).put("parallel_tool_calls", false)
        .put("tool_choice", "auto").put("tools", new JsonArray()).put("temperature", 1.0).put("top_p", 1.0)
        .put("metadata", new JsonObject()).put("store", false)
        .put("usage", new JsonObject().put("input_tokens", usage.getLong("inputTokens"))
            .put("input_tokens_details", new JsonObject().put("cached_tokens", 0).put("cache_write_tokens", 0))
            .put("output_tokens", usage.getLong("outputTokens"))
            .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 0))
            .put("total_tokens", usage.getLong("totalTokens")));
  }

  /**
   * The streamed form of a finished response. The bridge only ever has the whole final text (it
   * must see all of it to be sure no reasoning leaks), so the text arrives as one delta.
   */
  static List<JsonObject> streamEvents(JsonObject response) {
    JsonObject message = response.getJsonArray("output").getJsonObject(0);
    JsonObject part = message.getJsonArray("content").getJsonObject(0);
    String itemId = message.getString("id");
    JsonObject inProgress = response.copy().put("status", "in_progress").put("output", new JsonArray());
    inProgress.remove("usage");
    JsonObject emptyPart = part.copy().put("text", "");
    List<JsonObject> events = new ArrayList<>();
    events.add(new JsonObject().put("type", "response.created").put("response", inProgress));
    events.add(new JsonObject().put("type", "response.in_progress").put("response", inProgress));
    events.add(new JsonObject().put("type", "response.output_item.added").put("output_index", 0)
        .put("item", message.copy().put("status", "in_progress").put("content", new JsonArray())));
    events.add(new JsonObject().put("type", "response.content_part.added").put("item_id", itemId)
        .put("output_index", 0).put("content_index", 0).put("part", emptyPart));
    events.add(new JsonObject().put("type", "response.output_text.delta").put("item_id", itemId)
        .put("output_index", 0).put("content_index", 0).put("delta", part.getString("text"))
        .put("logprobs", new JsonArray()));
    events.add(new JsonObject().put("type", "response.output_text.done").put("item_id", itemId)
        .put("output_index", 0).put("content_index", 0).put("text", part.getString("text"))
        .put("logprobs", new JsonArray()));
    events.add(new JsonObject().put("type", "response.content_part.done").put("item_id", itemId)
        .put("output_index", 0).put("content_index", 0).put("part", part));
    events.add(new JsonObject().put("type", "response.output_item.done").put("output_index", 0).put("item", message));
    events.add(new JsonObject().put("type", "response.completed").put("response", response));
    for (int i = 0; i < events.size(); i++) {
      events.get(i).put("sequence_number", i);
    }
    return events;
  }

  static String compactUuid() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}

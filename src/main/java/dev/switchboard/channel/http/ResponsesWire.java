package dev.switchboard.channel.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.JsonWriting;
import dev.switchboard.bus.Usage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
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

  /**
   * One answer's facts every {@code response} object of it repeats.
   *
   * @param model the model that wrote the answer, or null before one is known
   */
  record Head(String responseId, String messageId, String model, String instructions, long createdAtSeconds) {

    /** A new answer's, with fresh ids. */
    static Head of(String model, String instructions, long createdAtSeconds) {
      return new Head("resp_" + randomId(), "msg_" + randomId(), model, instructions, createdAtSeconds);
    }

    Head writtenBy(String model) {
      return new Head(responseId, messageId, model, instructions, createdAtSeconds);
    }
  }

  /** The non-streamed answer: a completed {@code response} holding one assistant message with the final text. */
  static Buffer responseBody(AskReply reply, String instructions, long createdAtSeconds) {
    Head head = Head.of(reply.model(), instructions, createdAtSeconds);
    return JsonWriting.bytes(json -> completed(json, head, reply.text(), reply.usage()));
  }

  /** A completed {@code response} object with {@code text} and its usage. */
  static void completed(JsonGenerator json, Head head, String text, Usage usage) throws IOException {
    json.writeStartObject();
    envelope(json, head, null);
    json.writeStringField("status", "completed");
    json.writeFieldName("output");
    json.writeStartArray();
    message(json, head.messageId(), text);
    json.writeEndArray();
    json.writeObjectFieldStart("usage");
    json.writeNumberField("input_tokens", usage.inputTokens());
    json.writeObjectFieldStart("input_tokens_details");
    json.writeNumberField("cached_tokens", 0);
    json.writeNumberField("cache_write_tokens", 0);
    json.writeEndObject();
    json.writeNumberField("output_tokens", usage.outputTokens());
    json.writeObjectFieldStart("output_tokens_details");
    json.writeNumberField("reasoning_tokens", 0);
    json.writeEndObject();
    json.writeNumberField("total_tokens", usage.inputTokens() + usage.outputTokens());
    json.writeEndObject();
    json.writeEndObject();
  }

  /**
   * A {@code response} object with no output yet: {@code in_progress}, or {@code failed} with
   * {@code errorMessage}.
   */
  static void unfinished(JsonGenerator json, Head head, String errorMessage) throws IOException {
    json.writeStartObject();
    envelope(json, head, errorMessage);
    json.writeStringField("status", errorMessage == null ? "in_progress" : "failed");
    JsonWriting.emptyArray(json, "output");
    json.writeEndObject();
  }

  /** A {@code response} object's fixed fields, with a {@code server_error} when {@code errorMessage} is set. */
  private static void envelope(JsonGenerator json, Head head, String errorMessage) throws IOException {
    json.writeStringField("id", head.responseId());
    json.writeStringField("object", "response");
    json.writeNumberField("created_at", head.createdAtSeconds());
    if (errorMessage == null) {
      json.writeNullField("error");
    } else {
      json.writeObjectFieldStart("error");
      json.writeStringField("code", "server_error");
      json.writeStringField("message", errorMessage);
      json.writeEndObject();
    }
    json.writeNullField("incomplete_details");
    json.writeStringField("instructions", head.instructions());
    json.writeStringField("model", head.model());
    json.writeBooleanField("parallel_tool_calls", false);
    json.writeStringField("tool_choice", "auto");
    JsonWriting.emptyArray(json, "tools");
    json.writeNumberField("temperature", 1.0);
    json.writeNumberField("top_p", 1.0);
    json.writeObjectFieldStart("metadata");
    json.writeEndObject();
    json.writeBooleanField("store", false);
  }

  /** The assistant message item: completed with {@code text}, or still empty and in progress when it is null. */
  static void message(JsonGenerator json, String messageId, String text) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "message");
    json.writeStringField("id", messageId);
    json.writeStringField("role", "assistant");
    json.writeStringField("status", text == null ? "in_progress" : "completed");
    json.writeArrayFieldStart("content");
    if (text != null) {
      outputText(json, text);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  static void outputText(JsonGenerator json, String text) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "output_text");
    json.writeStringField("text", text);
    JsonWriting.emptyArray(json, "annotations");
    JsonWriting.emptyArray(json, "logprobs");
    json.writeEndObject();
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

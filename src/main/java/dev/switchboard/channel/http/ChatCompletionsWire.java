package dev.switchboard.channel.http;

import dev.switchboard.bus.AskReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The OpenAI Chat Completions API as Switchboard serves it. */
final class ChatCompletionsWire {

  private ChatCompletionsWire() {
  }

  /** {@code stream_options.include_usage}: whether a streamed answer ends with a usage chunk. */
  static boolean includeUsage(JsonObject body) {
    return body.getValue("stream_options") instanceof JsonObject options
        && Boolean.TRUE.equals(options.getValue("include_usage"));
  }

  static ConversationInput input(JsonObject body) {
    if (body.getValue("stream_options") != null && !(body.getValue("stream_options") instanceof JsonObject)) {
      throw ApiError.invalid("stream_options", "stream_options must be an object");
    }
    if (body.getValue("tools") instanceof JsonArray tools && !tools.isEmpty()) {
      throw ApiError.invalid("tools", "tools are not supported: Switchboard answers with text only");
    }
    Object choices = body.getValue("n");
    if (choices != null && !(choices instanceof Number number && number.doubleValue() == 1)) {
      throw ApiError.invalid("n", "n must be 1: Switchboard answers with one choice");
    }
    if (!(body.getValue("messages") instanceof JsonArray messages) || messages.isEmpty()) {
      throw ApiError.invalid("messages", "messages must be a non-empty array");
    }
    ConversationInput.Builder builder = new ConversationInput.Builder("messages", null);
    for (int i = 0; i < messages.size(); i++) {
      String param = "messages[" + i + "]";
      if (!(messages.getValue(i) instanceof JsonObject message)) {
        throw ApiError.invalid(param, "messages must be objects");
      }
      String role = message.getString("role");
      if ("tool".equals(role) || "function".equals(role)) {
        throw ApiError.invalid(param + ".role", "tool messages are not supported");
      }
      Object content = message.getValue("content");
      builder.add(role, content == null ? "" : ConversationInput.contentText(content, param + ".content"), param);
    }
    return builder.build();
  }

  static JsonObject completion(AskReply reply, String id, long createdSeconds) {
    return new JsonObject().put("id", id).put("object", "chat.completion").put("created", createdSeconds)
        .put("model", reply.model())
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", reply.text()))
            .put("finish_reason", "stop")))
        .put("usage", usage(reply));
  }

  static JsonObject usage(AskReply reply) {
    JsonObject usage = reply.usage().toJson();
    return new JsonObject().put("prompt_tokens", usage.getLong("inputTokens"))
        .put("completion_tokens", usage.getLong("outputTokens")).put("total_tokens", usage.getLong("totalTokens"));
  }
}

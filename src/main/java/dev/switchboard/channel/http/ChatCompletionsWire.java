package dev.switchboard.channel.http;

import dev.switchboard.bus.AskReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The OpenAI Chat Completions API as Switchboard serves it. */
final class ChatCompletionsWire {

  private ChatCompletionsWire() {
  }

  static ConversationInput input(JsonObject body) {
    if (body.getValue("tools") instanceof JsonArray tools && !tools.isEmpty()) {
      throw ApiError.invalid("tools", "tools are not supported: Switchboard answers with text only");
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
    JsonObject usage = reply.usage().toJson();
    return new JsonObject().put("id", id).put("object", "chat.completion").put("created", createdSeconds)
        .put("model", reply.model())
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", reply.text()))
            .put("finish_reason", "stop")))
        .put("usage", new JsonObject().put("prompt_tokens", usage.getLong("inputTokens"))
            .put("completion_tokens", usage.getLong("outputTokens")).put("total_tokens", usage.getLong("totalTokens")));
  }

  /** The streamed form: the whole final text in one delta, then the finish chunk. */
  static List<JsonObject> streamChunks(AskReply reply, String id, long createdSeconds) {
    JsonObject base = new JsonObject().put("id", id).put("object", "chat.completion.chunk")
        .put("created", createdSeconds).put("model", reply.model());
    JsonObject text = base.copy().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("delta", new JsonObject().put("role", "assistant").put("content", reply.text()))
        .put("finish_reason", null)));
    JsonObject finish = base.copy().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("delta", new JsonObject()).put("finish_reason", "stop")));
    return List.of(text, finish);
  }
}

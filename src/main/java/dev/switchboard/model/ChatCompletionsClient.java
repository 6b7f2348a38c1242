package dev.switchboard.model;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.ResolvedModel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code openai-completions}: {@code POST {baseUrl}/chat/completions}. Reads only {@code content};
 * {@code reasoning_content} (DeepSeek, LM Studio, llama.cpp) and {@code reasoning} (vLLM ≥ 0.11,
 * OpenRouter) are never part of the answer.
 */
final class ChatCompletionsClient extends WireClient {

  ChatCompletionsClient(ResolvedModel model, ProviderTransport transport) {
    super(model, transport);
  }

  @Override
  String path() {
    return "/chat/completions";
  }

  @Override
  StreamDecoder<BackendText> streamed(VisibleReply visible) {
    return new ChatCompletionsStream(visible);
  }

  @Override
  BackendText whole(JsonObject answer) {
    return fromCompletion(answer);
  }

  @Override
  Buffer body(ModelRequest request, boolean stream) {
    JsonArray messages = new JsonArray();
    if (request.instructions() != null && !request.instructions().isBlank()) {
      messages.add(new JsonObject().put("role", "system").put("content", request.instructions()));
    }
    boolean seesImages = model.definition().seesImages();
    for (ChatMessage message : Transcript.replayable(request.messages())) {
      messages.add(new JsonObject().put("role", message.role().wireName()).put("content", content(message, seesImages)));
    }
    JsonObject body = new JsonObject().put("model", model.definition().id()).put("messages", messages)
        .put("max_tokens", model.definition().maxTokens()).put("stream", stream);
    if (stream) {
      body.put("stream_options", new JsonObject().put("include_usage", true));
    }
    return body.toBuffer();
  }

  /** A string, or text and {@code image_url} parts when the model sees the message's images. */
  private static Object content(ChatMessage message, boolean seesImages) {
    if (!Transcript.imagesShown(message, seesImages)) {
      return Transcript.text(message, seesImages);
    }
    JsonArray parts = new JsonArray().add(new JsonObject().put("type", "text").put("text", message.text()));
    message.images().forEach(image -> parts.add(new JsonObject().put("type", "image_url")
        .put("image_url", new JsonObject().put("url", image.dataUrl()).put("detail", "auto"))));
    return parts;
  }

  static BackendText fromCompletion(JsonObject completion) {
    throwIfError(completion);
    JsonArray choices = completion.getJsonArray("choices");
    if (choices == null || choices.isEmpty()) {
      throw new ModelException(ModelErrorClass.MALFORMED, "completion without choices");
    }
    JsonObject message = choices.getJsonObject(0).getJsonObject("message");
    if (message == null) {
      throw new ModelException(ModelErrorClass.MALFORMED, "completion choice without message");
    }
    return new BackendText(content(message.getValue("content")), usage(completion.getJsonObject("usage")));
  }

  /** {@code content} is a string, null (reasoning only), or on some servers an array of text parts. */
  static String content(Object content) {
    if (content instanceof String text) {
      return text;
    }
    if (content instanceof JsonArray parts) {
      StringBuilder text = new StringBuilder();
      for (Object part : parts) {
        if (part instanceof JsonObject typed && "text".equals(typed.getString("type"))) {
          text.append(typed.getString("text", ""));
        }
      }
      return text.toString();
    }
    return "";
  }

  static Usage usage(JsonObject usage) {
    return usage == null ? Usage.NONE
        : new Usage(usage.getLong("prompt_tokens", 0L), usage.getLong("completion_tokens", 0L));
  }

  /** Some servers (OpenRouter, LiteLLM) report a failure inside a 200 body or stream: {@code {error:{…}}}. */
  static void throwIfError(JsonObject json) {
    if (json.getValue("error") instanceof JsonObject error) {
      Object code = error.getValue("code");
      throw ErrorClassifier.fromEvent("error in completion", code == null ? null : code.toString(),
          error.getString("type"), error.getString("message"));
    }
  }
}

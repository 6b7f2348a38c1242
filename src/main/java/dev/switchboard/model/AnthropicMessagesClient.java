package dev.switchboard.model;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.ResolvedModel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code anthropic-messages}: {@code POST {baseUrl}/v1/messages} ({@code /messages} when the base URL
 * already ends with {@code /v1}), with {@code x-api-key} and {@code anthropic-version}. Only
 * {@code text} blocks are read; {@code thinking} and {@code redacted_thinking} never are.
 */
final class AnthropicMessagesClient extends WireClient {

  private final String path;

  AnthropicMessagesClient(ResolvedModel model, ProviderTransport transport) {
    super(model, transport);
    this.path = transport.basePath().endsWith("/v1") ? "/messages" : "/v1/messages";
  }

  @Override
  String path() {
    return path;
  }

  @Override
  StreamDecoder<BackendText> streamed(VisibleReply visible) {
    return new AnthropicMessagesStream(visible);
  }

  @Override
  BackendText whole(JsonObject answer) {
    return fromMessage(answer);
  }

  @Override
  Buffer body(ModelRequest request, boolean stream) {
    JsonArray messages = new JsonArray();
    boolean seesImages = model.definition().seesImages();
    for (ChatMessage message : Transcript.alternating(request.messages())) {
      messages.add(new JsonObject().put("role", message.role().wireName()).put("content", content(message, seesImages)));
    }
    JsonObject body = new JsonObject().put("model", model.definition().id())
        .put("max_tokens", Math.max(1, model.definition().maxTokens()));
    if (request.instructions() != null && !request.instructions().isBlank()) {
      body.put("system", request.instructions());
    }
    return body.put("messages", messages).put("stream", stream).toBuffer();
  }

  /** A string, or base64 {@code image} blocks then the text when the model sees the message's images. */
  private static Object content(ChatMessage message, boolean seesImages) {
    if (!Transcript.imagesShown(message, seesImages)) {
      return Transcript.text(message, seesImages);
    }
    JsonArray blocks = new JsonArray();
    message.images().forEach(image -> blocks.add(new JsonObject().put("type", "image").put("source",
        new JsonObject().put("type", "base64").put("media_type", image.mimeType()).put("data", image.base64()))));
    return blocks.add(new JsonObject().put("type", "text").put("text", message.text()));
  }

  static BackendText fromMessage(JsonObject message) {
    throwIfError(message);
    JsonArray content = message.getJsonArray("content");
    if (content == null) {
      throw new ModelException(ModelErrorClass.MALFORMED, "message without content");
    }
    StringBuilder text = new StringBuilder();
    for (Object block : content) {
      if (block instanceof JsonObject typed && "text".equals(typed.getString("type"))) {
        text.append(typed.getString("text", ""));
      }
    }
    JsonObject usage = message.getJsonObject("usage");
    return new BackendText(text.toString(), usage == null ? Usage.NONE
        : new Usage(usage.getLong("input_tokens", 0L), usage.getLong("output_tokens", 0L)));
  }

  /** {@code {type:"error", error:{type, message}}}, in a body or as a mid-stream event. */
  static void throwIfError(JsonObject json) {
    if ("error".equals(json.getString("type"))) {
      JsonObject error = json.getJsonObject("error", new JsonObject());
      throw ErrorClassifier.fromEvent("error event", null, error.getString("type"), error.getString("message"));
    }
  }
}

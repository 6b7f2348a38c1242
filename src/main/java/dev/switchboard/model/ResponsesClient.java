package dev.switchboard.model;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ImageInput;
import dev.switchboard.bus.JsonWriting;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.ResolvedModel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code openai-responses}: {@code POST {baseUrl}/responses} with the whole history as
 * {@code input} items and {@code store:false}, never {@code previous_response_id}, so that any
 * backend of the chain can answer the next turn. Only {@code message} items' {@code output_text}
 * parts are read; {@code reasoning} items (summaries, reasoning text, encrypted content) never are.
 */
final class ResponsesClient extends WireClient {

  /** What the user sees when the model refused to answer. */
  static final String REFUSAL_TEXT = "Sorry, I can't help with that.";
  /** The API rejects {@code max_output_tokens} below this. */
  static final int MIN_OUTPUT_TOKENS = 16;

  ResponsesClient(ResolvedModel model, ProviderTransport transport) {
    super(model, transport);
  }

  @Override
  String path() {
    return "/responses";
  }

  @Override
  StreamDecoder<BackendText> streamed(VisibleReply visible) {
    return new ResponsesStream(visible);
  }

  @Override
  BackendText whole(JsonObject answer) {
    return fromResponse(answer);
  }

  /** Written straight to bytes: a model request is written on every turn ({@link JsonWriting}). */
  @Override
  Buffer body(ModelRequest request, boolean stream) {
    boolean seesImages = model.definition().seesImages();
    return JsonWriting.bytes(json -> {
      json.writeStartObject();
      json.writeStringField("model", model.definition().id());
      json.writeArrayFieldStart("input");
      for (ChatMessage message : Transcript.replayable(request.messages())) {
        json.writeStartObject();
        if (message.role() == ChatMessage.Role.USER) {
          json.writeStringField("role", "user");
          json.writeArrayFieldStart("content");
          json.writeStartObject();
          json.writeStringField("type", "input_text");
          json.writeStringField("text", Transcript.text(message, seesImages));
          json.writeEndObject();
          if (Transcript.imagesShown(message, seesImages)) {
            for (ImageInput image : message.images()) {
              // detail is required by the official schema; "auto" lets the server choose.
              json.writeStartObject();
              json.writeStringField("type", "input_image");
              json.writeStringField("image_url", image.dataUrl());
              json.writeStringField("detail", "auto");
              json.writeEndObject();
            }
          }
          json.writeEndArray();
        } else {
          // Replayed assistant turns carry string content: OpenAI rejects assistant input_text parts.
          json.writeStringField("role", "assistant");
          json.writeStringField("content", message.text());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      if (request.instructions() != null && !request.instructions().isBlank()) {
        json.writeStringField("instructions", request.instructions());
      }
      json.writeNumberField("max_output_tokens", Math.max(MIN_OUTPUT_TOKENS, model.definition().maxTokens()));
      json.writeBooleanField("store", false);
      json.writeBooleanField("stream", stream);
      json.writeEndObject();
    });
  }

  /** A whole Response object (buffered answer, or the one inside a terminal event). */
  static BackendText fromResponse(JsonObject response) {
    if ("failed".equals(response.getString("status"))) {
      throw failure("response failed", response.getJsonObject("error"));
    }
    JsonArray output = response.getJsonArray("output");
    if (output == null) {
      throw new ModelException(ModelErrorClass.MALFORMED, "response without output");
    }
    return new BackendText(outputText(output), usage(response.getJsonObject("usage")));
  }

  /** The {@code output_text} parts of {@code message} items; a refusal becomes a fixed sentence. */
  static String outputText(JsonArray output) {
    StringBuilder text = new StringBuilder();
    boolean refused = false;
    for (Object item : output) {
      if (!(item instanceof JsonObject message) || !"message".equals(message.getString("type"))) {
        continue;
      }
      Object content = message.getValue("content");
      if (content instanceof String plain) {
        text.append(plain);
      } else if (content instanceof JsonArray parts) {
        for (Object part : parts) {
          if (part instanceof JsonObject typed) {
            String type = typed.getString("type");
            if ("output_text".equals(type)) {
              text.append(typed.getString("text", ""));
            } else if ("refusal".equals(type)) {
              refused = true;
            }
          }
        }
      }
    }
    return text.isEmpty() && refused ? REFUSAL_TEXT : text.toString();
  }

  static Usage usage(JsonObject usage) {
    return usage == null ? Usage.NONE
        : new Usage(usage.getLong("input_tokens", 0L), usage.getLong("output_tokens", 0L));
  }

  /** {@code response.failed}'s {@code error}, or an {@code error} event: {@code {code, message}}. */
  static ModelException failure(String source, JsonObject error) {
    if (error == null) {
      return ErrorClassifier.fromEvent(source, null, null, null);
    }
    Object code = error.getValue("code");
    return ErrorClassifier.fromEvent(source, code == null ? null : code.toString(), error.getString("type"),
        error.getString("message"));
  }
}

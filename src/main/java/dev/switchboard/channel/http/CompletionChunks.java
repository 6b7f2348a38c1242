package dev.switchboard.channel.http;

import dev.switchboard.bus.AskReply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A streamed Chat Completions answer: a first chunk with the assistant role, one chunk per piece of
 * text, a chunk with only the {@code finish_reason}, the usage chunk ({@code choices: []}) when the
 * client asked for {@code stream_options.include_usage}, then {@code [DONE]}. Every other chunk has
 * {@code "usage": null} then, as OpenAI's do. Every chunk names the model given to
 * {@link #opening(String)}: OpenAI clients expect one {@code model} in every chunk of a completion.
 */
final class CompletionChunks implements AnswerEvents {

  private static final String DONE = AnswerEvents.data("[DONE]");

  private final String id = "chatcmpl-" + ResponsesWire.randomId();
  private final long createdSeconds;
  private final boolean includeUsage;
  private String model;

  CompletionChunks(long createdSeconds, boolean includeUsage) {
    this.createdSeconds = createdSeconds;
    this.includeUsage = includeUsage;
  }

  @Override
  public String opening(String model) {
    this.model = model;
    return chunk(new JsonObject().put("role", "assistant").put("content", ""), null);
  }

  @Override
  public String delta(String text) {
    return chunk(new JsonObject().put("content", text), null);
  }

  @Override
  public String completed(AskReply reply, String text) {
    String frames = chunk(new JsonObject(), "stop");
    if (includeUsage) {
      JsonObject usage = base().put("choices", new JsonArray())
          .put("usage", ChatCompletionsWire.usage(reply));
      frames += AnswerEvents.data(usage.encode());
    }
    return frames + DONE;
  }

  /** What vLLM sends when a stream breaks: an {@code error} object, then {@code [DONE]}; the SDKs raise it. */
  @Override
  public String failed(ApiError error) {
    return AnswerEvents.data(error.toJson().encode()) + DONE;
  }

  private String chunk(JsonObject delta, String finishReason) {
    JsonObject chunk = base().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("delta", delta).put("logprobs", null).put("finish_reason", finishReason)));
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return AnswerEvents.data(chunk.encode());
  }

  private JsonObject base() {
    return new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", createdSeconds)
        .put("model", model);
  }
}

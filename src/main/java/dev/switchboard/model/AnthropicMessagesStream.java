package dev.switchboard.model;

import dev.switchboard.bus.Usage;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * The Messages event stream: {@code text_delta}s of text blocks are collected, {@code thinking_delta}s
 * only count as tokens; {@code message_stop} ends it; an {@code error} event (e.g.
 * {@code overloaded_error} after the 200) fails it.
 */
final class AnthropicMessagesStream implements StreamDecoder<BackendText> {

  private final StringBuilder text = new StringBuilder();
  /** Where the answer's text goes, piece by piece. */
  private final VisibleReply visible;
  private final Set<Integer> textBlocks = new HashSet<>();
  private long inputTokens;
  private long outputTokens;
  private boolean stopped;

  AnthropicMessagesStream(VisibleReply visible) {
    this.visible = visible;
  }

  @Override
  public Progress accept(SseEvent event) {
    JsonObject json = new JsonObject(event.data());
    AnthropicMessagesClient.throwIfError(json);
    String type = json.getString("type", event.name());
    if (type == null) {
      return Progress.NOTHING;
    }
    switch (type) {
      case "message_start" -> {
        JsonObject usage = json.getJsonObject("message", new JsonObject()).getJsonObject("usage");
        if (usage != null) {
          inputTokens = usage.getLong("input_tokens", 0L);
          outputTokens = usage.getLong("output_tokens", 0L);
        }
        return Progress.NOTHING;
      }
      case "content_block_start" -> {
        JsonObject block = json.getJsonObject("content_block", new JsonObject());
        if ("text".equals(block.getString("type"))) {
          textBlocks.add(json.getInteger("index", 0));
          answer(block.getString("text", ""));
        }
        return Progress.NOTHING;
      }
      case "content_block_delta" -> {
        JsonObject delta = json.getJsonObject("delta", new JsonObject());
        String deltaType = delta.getString("type", "");
        if ("text_delta".equals(deltaType) && textBlocks.contains(json.getInteger("index", 0))) {
          answer(delta.getString("text", ""));
          return Progress.TOKEN;
        }
        return "thinking_delta".equals(deltaType) ? Progress.TOKEN : Progress.NOTHING;
      }
      case "message_delta" -> {
        JsonObject usage = json.getJsonObject("usage");
        if (usage != null) {
          outputTokens = usage.getLong("output_tokens", outputTokens);
        }
        return Progress.NOTHING;
      }
      case "message_stop" -> {
        stopped = true;
        return Progress.DONE;
      }
      default -> {
        return Progress.NOTHING;
      }
    }
  }

  @Override
  public BackendText finish() {
    if (!stopped) {
      throw new ModelException(ModelErrorClass.MALFORMED, "stream ended without message_stop");
    }
    return new BackendText(text.toString(), new Usage(inputTokens, outputTokens));
  }

  @Override
  public void chunkEnded() {
    visible.handOn();
  }

  private void answer(String piece) {
    text.append(piece);
    visible.streamed(piece);
  }
}

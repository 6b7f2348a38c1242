package dev.switchboard.model;

import dev.switchboard.bus.Usage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The Chat Completions chunk stream: {@code delta.content} is collected, reasoning deltas only count
 * as tokens for the first-token deadline; {@code [DONE]} ends it. A stream that ends without
 * {@code [DONE]} is accepted only when a {@code finish_reason} was seen.
 */
final class ChatCompletionsStream implements StreamDecoder<BackendText> {

  private final StringBuilder text = new StringBuilder();
  /** Where the answer's text goes, piece by piece. */
  private final VisibleReply visible;
  private Usage usage = Usage.NONE;
  private boolean finishReasonSeen;
  private boolean doneSeen;

  ChatCompletionsStream(VisibleReply visible) {
    this.visible = visible;
  }

  @Override
  public Progress accept(SseEvent event) {
    if ("[DONE]".equals(event.data().strip())) {
      doneSeen = true;
      return Progress.DONE;
    }
    JsonObject chunk = new JsonObject(event.data());
    ChatCompletionsClient.throwIfError(chunk);
    if (chunk.getValue("usage") instanceof JsonObject reported) {
      usage = ChatCompletionsClient.usage(reported);
    }
    JsonArray choices = chunk.getJsonArray("choices");
    if (choices == null || choices.isEmpty()) {
      return Progress.NOTHING;
    }
    JsonObject choice = choices.getJsonObject(0);
    if (choice.getString("finish_reason") != null) {
      finishReasonSeen = true;
    }
    JsonObject delta = choice.getJsonObject("delta");
    if (delta == null) {
      return Progress.NOTHING;
    }
    String content = ChatCompletionsClient.content(delta.getValue("content"));
    answer(content);
    boolean reasoning = isNotEmpty(delta.getValue("reasoning_content")) || isNotEmpty(delta.getValue("reasoning"));
    return !content.isEmpty() || reasoning ? Progress.TOKEN : Progress.NOTHING;
  }

  @Override
  public BackendText finish() {
    // Without [DONE], only a finish_reason proves that the answer is whole.
    if (!doneSeen && !finishReasonSeen) {
      throw new ModelException(ModelErrorClass.MALFORMED, "stream ended without [DONE]");
    }
    return new BackendText(text.toString(), usage);
  }

  private static boolean isNotEmpty(Object value) {
    return value instanceof String text && !text.isEmpty();
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

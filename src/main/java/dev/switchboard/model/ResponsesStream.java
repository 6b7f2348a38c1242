package dev.switchboard.model;

import dev.switchboard.bus.Usage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * The Responses event stream: {@code response.output_text.delta}s of message items are the answer,
 * handed on as they come; the terminal {@code response.completed} (or {@code response.incomplete})
 * ends it, its own {@code output} taken when no delta carried the text. Any delta, reasoning included, is a token for the
 * first-token deadline, but reasoning text is never kept.
 */
final class ResponsesStream implements StreamDecoder<BackendText> {

  private final StringBuilder text = new StringBuilder();
  /** Where the answer's text goes, piece by piece. */
  private final VisibleReply visible;
  /** Output items known not to be messages: their text deltas (if a server sent any) are not the answer. */
  private final Set<String> otherItems = new HashSet<>();
  private boolean refused;
  private BackendText result;

  ResponsesStream(VisibleReply visible) {
    this.visible = visible;
  }

  @Override
  public Progress accept(SseEvent event) {
    if ("[DONE]".equals(event.data())) {
      return result == null ? Progress.NOTHING : Progress.DONE;
    }
    JsonObject json = new JsonObject(event.data());
    String type = json.getString("type", event.name());
    if (type == null) {
      return Progress.NOTHING;
    }
    switch (type) {
      case "response.output_item.added" -> {
        JsonObject item = json.getJsonObject("item");
        if (item != null && !"message".equals(item.getString("type")) && item.getString("id") != null) {
          otherItems.add(item.getString("id"));
        }
        return Progress.NOTHING;
      }
      case "response.output_text.delta" -> {
        if (!otherItems.contains(json.getString("item_id"))) {
          answer(json.getString("delta", ""));
        }
        return Progress.TOKEN;
      }
      case "response.refusal.delta" -> {
        refused = true;
        return Progress.TOKEN;
      }
      case "response.completed", "response.incomplete" -> {
        result = terminal(json.getJsonObject("response"));
        return Progress.DONE;
      }
      case "response.failed" -> {
        JsonObject response = json.getJsonObject("response");
        throw ResponsesClient.failure("response.failed", response == null ? null : response.getJsonObject("error"));
      }
      case "error" -> throw ResponsesClient.failure("error event",
          json.getValue("error") instanceof JsonObject nested ? nested : json);
      default -> {
        return type.endsWith(".delta") ? Progress.TOKEN : Progress.NOTHING;
      }
    }
  }

  @Override
  public BackendText finish() {
    if (result == null) {
      throw new ModelException(ModelErrorClass.MALFORMED, "stream ended without response.completed");
    }
    return result;
  }

  private BackendText terminal(JsonObject response) {
    String streamed = text.isEmpty() && refused ? ResponsesClient.REFUSAL_TEXT : text.toString();
    if (response == null) {
      return new BackendText(streamed, Usage.NONE);
    }
    String fromOutput = response.getValue("output") instanceof JsonArray output ? ResponsesClient.outputText(output) : "";
    return new BackendText(fromOutput.isEmpty() ? streamed : fromOutput,
        ResponsesClient.usage(response.getJsonObject("usage")));
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

package dev.switchboard.model;

import dev.switchboard.bus.Usage;
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

  /**
   * Events named so need no parsing: they repeat text the deltas carried, or only report progress.
   * A streamed turn is mostly such events, so each JSON parse skipped is garbage the bridge does
   * not make (DESIGN.md §15).
   */
  private static final Set<String> PROGRESS_ONLY = Set.of("response.created", "response.in_progress",
      "response.content_part.added", "response.content_part.done", "response.output_text.done",
      "response.output_item.done", "response.reasoning_text.done", "response.reasoning_summary_part.added",
      "response.reasoning_summary_part.done", "response.reasoning_summary_text.done");
  /** The end of the answer: read as it streams by ({@link CompletedResponse}), as it repeats the whole response. */
  private static final Set<String> TERMINAL = Set.of("response.completed", "response.incomplete");
  /** The answer's text, a piece at a time: most of a streamed answer's events ({@link TextDelta}). */
  private static final String TEXT_DELTA = "response.output_text.delta";
  /** An output item begins: a reasoning item's id marks text deltas that are not the answer ({@link AddedItem}). */
  private static final String ITEM_ADDED = "response.output_item.added";
  /** Reasoning as it is written: a token for the first-token deadline, never text to keep. */
  private static final Set<String> REASONING_DELTAS = Set.of("response.reasoning_text.delta",
      "response.reasoning_summary_text.delta");

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
    if (event.name() != null) {
      if (PROGRESS_ONLY.contains(event.name())) {
        return Progress.NOTHING;
      }
      if (REASONING_DELTAS.contains(event.name())) {
        return Progress.TOKEN;
      }
      if (TERMINAL.contains(event.name())) {
        result = terminal(CompletedResponse.read(event.data()));
        return Progress.DONE;
      }
      if (TEXT_DELTA.equals(event.name())) {
        return textDelta(TextDelta.read(event.data()));
      }
      if (ITEM_ADDED.equals(event.name())) {
        return itemAdded(AddedItem.read(event.data()));
      }
    }
    JsonObject json = new JsonObject(event.data());
    String type = json.getString("type", event.name());
    if (type == null) {
      return Progress.NOTHING;
    }
    switch (type) {
      case ITEM_ADDED -> {
        return itemAdded(AddedItem.from(json));
      }
      case TEXT_DELTA -> {
        return textDelta(TextDelta.from(json));
      }
      case "response.refusal.delta" -> {
        refused = true;
        return Progress.TOKEN;
      }
      case "response.completed", "response.incomplete" -> {
        result = terminal(CompletedResponse.from(json.getJsonObject("response")));
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

  /** The answer: the response's own output when it has text, as the official SDKs take it, else the deltas'. */
  private BackendText terminal(CompletedResponse response) {
    String streamed = text.isEmpty() && refused ? ResponsesClient.REFUSAL_TEXT : text.toString();
    if (response == null) {
      return new BackendText(streamed, Usage.NONE);
    }
    String fromOutput = response.messages() == null ? "" : ResponsesClient.outputText(response.messages());
    return new BackendText(fromOutput.isEmpty() ? streamed : fromOutput, ResponsesClient.usage(response.usage()));
  }

  @Override
  public void chunkEnded() {
    visible.handOn();
  }

  private Progress itemAdded(AddedItem item) {
    if (item.isOtherThanMessage()) {
      otherItems.add(item.id());
    }
    return Progress.NOTHING;
  }

  private Progress textDelta(TextDelta delta) {
    if (!otherItems.contains(delta.itemId())) {
      answer(delta.delta());
    }
    return Progress.TOKEN;
  }

  private void answer(String piece) {
    text.append(piece);
    visible.streamed(piece);
  }
}

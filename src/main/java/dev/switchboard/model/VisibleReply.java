package dev.switchboard.model;

import dev.switchboard.config.ReasoningTags;

import java.util.function.Consumer;

/**
 * One answer's text on its way to the user: each piece a backend streams goes through
 * {@link FinalText}, and what becomes visible is handed on at the end of the network chunk that
 * carried it (pieces that arrived together go on together, in one hand-off). A buffered answer (or
 * a stream that sent its text only in its terminal event) is the same thing with one piece.
 */
final class VisibleReply {

  private final FinalText filter;
  private final Consumer<String> visibleText;
  private final StringBuilder shown = new StringBuilder();
  /** Visible text not handed on yet. */
  private final StringBuilder unsent = new StringBuilder();
  private boolean streamed;

  VisibleReply(ReasoningTags tags, Consumer<String> visibleText) {
    this.filter = new FinalText(tags);
    this.visibleText = visibleText;
  }

  /** A piece of the answer's text as the backend streamed it, reasoning tags and all. */
  void streamed(String text) {
    if (!text.isEmpty()) {
      streamed = true;
      show(filter.feed(text));
    }
  }

  /**
   * The backend finished: the held-back rest is shown, and the reply is what was shown. The answer's
   * own text counts only when nothing was streamed. Throws {@link ModelErrorClass#EMPTY_REPLY} when
   * nothing is visible, which leaves the chain free to try the next model.
   */
  ModelReply end(BackendText answer) {
    if (!streamed) {
      show(filter.feed(answer.text()));
    }
    show(filter.finish());
    handOn();
    if (shown.isEmpty()) {
      throw new ModelException(ModelErrorClass.EMPTY_REPLY, "no text left after reasoning was removed");
    }
    return new ModelReply(shown.toString(), answer.usage());
  }

  /** Hands on the visible text gathered since the last time. */
  void handOn() {
    if (!unsent.isEmpty()) {
      String text = unsent.toString();
      unsent.setLength(0);
      visibleText.accept(text);
    }
  }

  private void show(String text) {
    if (!text.isEmpty()) {
      shown.append(text);
      unsent.append(text);
    }
  }
}

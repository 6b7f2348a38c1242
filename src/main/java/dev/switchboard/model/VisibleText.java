package dev.switchboard.model;

/**
 * The visible text as {@link FinalText} lets it out, trimmed at both ends: whitespace before the
 * first visible character is dropped, and whitespace is held until something visible follows it, so
 * that a stream never shows what the whole answer's trim would remove.
 */
final class VisibleText {

  private final StringBuilder ready = new StringBuilder();
  private final StringBuilder heldSpace = new StringBuilder();
  private boolean started;

  void append(CharSequence text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (started) {
          heldSpace.append(c);
        }
      } else {
        started = true;
        if (!heldSpace.isEmpty()) {
          ready.append(heldSpace);
          heldSpace.setLength(0);
        }
        ready.append(c);
      }
    }
  }

  /** The text that became visible since the last call. */
  String take() {
    if (ready.isEmpty()) {
      return "";
    }
    String text = ready.toString();
    ready.setLength(0);
    return text;
  }
}

package dev.switchboard.channel.format;

import java.util.List;

/** Inline Markdown, as {@link InlineParser} reads it from one line. */
public sealed interface Inline {

  /** Plain text, unescaped. */
  record Text(String text) implements Inline {
  }

  /**
   * An inline code span.
   *
   * @param content what is between the backticks
   * @param source  the span as written, backticks included, for formats that keep it verbatim
   */
  record Code(String content, String source) implements Inline {
  }

  record Bold(List<Inline> children) implements Inline {
  }

  record Italic(List<Inline> children) implements Inline {
  }

  record Strike(List<Inline> children) implements Inline {
  }

  record Link(List<Inline> label, String url) implements Inline {
  }
}

package dev.switchboard.channel.format;

import java.util.List;

/** A line-level Markdown element, as {@link MarkdownParser} reads it. Chat replies keep their line breaks. */
public sealed interface Block {

  /** An empty line (a paragraph break). */
  record Blank() implements Block {
  }

  /** An ordinary line of text (tables and rules included: they pass through as text). */
  record Line(List<Inline> content) implements Block {
  }

  record Heading(int level, List<Inline> content) implements Block {
  }

  /**
   * A list item.
   *
   * @param indent leading spaces (nesting), kept as written
   * @param marker {@code 1.} or {@code 2)} when ordered, null for a bullet
   */
  record ListItem(String indent, String marker, List<Inline> content) implements Block {

    public boolean ordered() {
      return marker != null;
    }
  }

  /** A fenced code block; {@code language} is empty when the fence named none. */
  record CodeBlock(String language, String code) implements Block {
  }

  /** Consecutive {@code >} lines, their content parsed again (so quotes nest and hold lists). */
  record Quote(List<Block> children) implements Block {
  }
}

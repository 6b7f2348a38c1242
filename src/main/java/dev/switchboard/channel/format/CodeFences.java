package dev.switchboard.channel.format;

import dev.switchboard.channel.format.FenceLine;

import java.util.ArrayList;
import java.util.List;

/** The fenced code blocks of a Markdown text, as offsets, for {@link TextChunker}. */
final class CodeFences {

  /**
   * One fenced block. Offsets: {@code openStart} begins the opening fence line, {@code contentStart}
   * follows its newline, {@code closeStart} begins the closing fence line and {@code closeEnd} ends
   * it (both the text's length for a block the model never closed).
   *
   * @param openLine the opening fence line without indentation ({@code ```python}), to reopen the block
   * @param fence    the fence characters ({@code ```}), to close it
   */
  record Block(int openStart, int contentStart, int closeStart, int closeEnd, String openLine, String fence) {

    /** Whether a chunk ending (or starting) at {@code offset} splits the block's content. */
    boolean splitsContent(int offset) {
      return offset > contentStart && offset < closeStart;
    }

    /** Whether {@code offset} lies within a fence line, or right after the opening one (an empty chunk of code). */
    boolean touchesFenceLine(int offset) {
      return (offset > openStart && offset <= contentStart) || (offset >= closeStart && offset < closeEnd);
    }
  }

  private final List<Block> blocks;

  private CodeFences(List<Block> blocks) {
    this.blocks = blocks;
  }

  static CodeFences of(String text) {
    List<Block> blocks = new ArrayList<>();
    FenceLine open = null;
    int openStart = 0;
    int contentStart = 0;
    String openLine = null;
    int lineStart = 0;
    while (lineStart < text.length()) {
      int newline = text.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? text.length() : newline;
      String line = text.substring(lineStart, lineEnd);
      if (open == null) {
        open = FenceLine.opening(line);
        openStart = lineStart;
        contentStart = Math.min(lineEnd + 1, text.length());
        openLine = line.strip();
      } else if (open.closedBy(line)) {
        blocks.add(new Block(openStart, contentStart, lineStart, lineEnd, openLine, open.marker()));
        open = null;
      }
      lineStart = lineEnd + 1;
    }
    if (open != null) {
      blocks.add(new Block(openStart, contentStart, text.length(), text.length(), openLine, open.marker()));
    }
    return new CodeFences(blocks);
  }

  /** The block whose content a cut at {@code offset} would split, or null. */
  Block splitAt(int offset) {
    for (Block block : blocks) {
      if (block.splitsContent(offset)) {
        return block;
      }
    }
    return null;
  }

  /** Whether a cut at {@code offset} would break a fence line or leave an empty block behind. */
  boolean touchesFenceLine(int offset) {
    return blocks.stream().anyMatch(block -> block.touchesFenceLine(offset));
  }
}

package dev.switchboard.channel.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a reply into messages of at most {@code limit} UTF-16 code units ({@link String#length()},
 * Telegram's unit; WhatsApp and Slack are budgeted the same way). Cuts fall, by preference, between
 * paragraphs, between lines, after a sentence, at a space; a word is cut only when it alone exceeds
 * the limit, and never between the halves of a surrogate pair. Whitespace at a cut is dropped. A cut
 * inside a fenced code block falls between lines when it can; the block is closed at the end of the
 * chunk and reopened, with its language, at the start of the next, so every chunk renders on its own.
 * Split the Markdown before converting it to a platform's format: conversion never lengthens it
 * beyond what the platform counts.
 */
public final class TextChunker {

  /** Smallest usable limit: room for a reopened fence and some text. */
  public static final int MIN_LIMIT = 32;

  private final int limit;

  public TextChunker(int limit) {
    if (limit < MIN_LIMIT) {
      throw new IllegalArgumentException("limit must be at least " + MIN_LIMIT + ", not " + limit);
    }
    this.limit = limit;
  }

  /** The chunks, in order; none for a blank text. */
  public List<String> split(String text) {
    return pieces(text).stream().map(piece -> piece.render(text)).toList();
  }

  /**
   * A chunk: {@code prefix + text[start, end) + suffix}, where prefix and suffix are the fence lines
   * added to reopen and close a code block split across chunks (empty otherwise).
   */
  record Piece(String prefix, int start, int end, String suffix) {

    String render(String text) {
      return prefix + text.substring(start, end) + suffix;
    }
  }

  List<Piece> pieces(String text) {
    CodeFences fences = CodeFences.of(text);
    List<Piece> pieces = new ArrayList<>();
    int pos = skipWhitespace(text, 0);
    while (pos < text.length()) {
      CodeFences.Block continued = fences.splitAt(pos);
      String prefix = continued == null ? "" : continued.openLine() + "\n";
      if (prefix.length() + text.length() - pos <= limit) {
        pieces.add(new Piece(prefix, pos, trimEnd(text, pos, text.length()), ""));
        break;
      }
      int cut = cut(text, fences, pos, pos + limit - prefix.length());
      CodeFences.Block split = fences.splitAt(cut);
      if (split == null) {
        pieces.add(new Piece(prefix, pos, trimEnd(text, pos, cut), ""));
        pos = skipWhitespace(text, cut);
      } else {
        // Code keeps its whitespace: the next chunk resumes exactly at the cut.
        pieces.add(new Piece(prefix, pos, cut, closing(text, cut, split)));
        pos = cut;
      }
    }
    return pieces;
  }

  /** The best cut in {@code (pos, maxEnd]} whose chunk, closing fence included, fits the limit. */
  private int cut(String text, CodeFences fences, int pos, int maxEnd) {
    int end = maxEnd;
    while (true) {
      int cut = bestBoundary(text, fences, pos, end);
      CodeFences.Block split = fences.splitAt(cut);
      int suffix = split == null ? 0 : closing(text, cut, split).length();
      if (cut + suffix <= maxEnd || end <= pos + 1) {
        return cut;
      }
      end = Math.min(end - 1, maxEnd - suffix);
    }
  }

  private static int bestBoundary(String text, CodeFences fences, int pos, int end) {
    // A better kind of boundary wins unless it would leave a chunk under a quarter of the limit.
    for (int from : new int[] {pos + (end - pos) / 4, pos + 1}) {
      for (Boundary boundary : Boundary.values()) {
        for (int cut = end; cut >= from; cut--) {
          if (boundary.matches(text, cut) && !fences.touchesFenceLine(cut)) {
            return cut;
          }
        }
      }
    }
    int cut = end;
    if (Character.isLowSurrogate(text.charAt(cut)) && Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return cut;
  }

  /** Places a chunk may end, best first. A cut at {@code i} ends the chunk before {@code text[i]}. */
  private enum Boundary {
    PARAGRAPH {
      @Override
      boolean matches(String text, int i) {
        return i >= 2 && text.charAt(i - 1) == '\n' && text.charAt(i - 2) == '\n';
      }
    },
    LINE {
      @Override
      boolean matches(String text, int i) {
        return text.charAt(i - 1) == '\n';
      }
    },
    SENTENCE {
      @Override
      boolean matches(String text, int i) {
        char last = text.charAt(i - 1);
        return (last == '.' || last == '!' || last == '?') && Character.isWhitespace(text.charAt(i));
      }
    },
    SPACE {
      @Override
      boolean matches(String text, int i) {
        return Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1));
      }
    };

    abstract boolean matches(String text, int i);
  }

  private static String closing(String text, int cut, CodeFences.Block block) {
    return text.charAt(cut - 1) == '\n' ? block.fence() : "\n" + block.fence();
  }

  private static int skipWhitespace(String text, int pos) {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private static int trimEnd(String text, int start, int end) {
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }
}

package dev.switchboard.model;

import java.util.Locale;
import java.util.Set;

/**
 * Recognises, at one position of a model's text, the markup {@link FinalText} acts on: the
 * {@code <think>} family (any case, attributes on the opening tag), Kimi's {@code ◁think▷}, the
 * {@code <final>} wrapper and gpt-oss Harmony tokens ({@code <|channel|>}, {@code <|end|>}…).
 * Text that may still become such a token once more characters arrive is {@link #PARTIAL}: that,
 * and only that, is what a stream holds back.
 */
final class ReasoningMarkup {

  enum Kind { THINK_OPEN, THINK_CLOSE, FINAL_TAG, HARMONY }

  /** A token found at the position: its kind, length, and name (lower case; the Harmony token's word). */
  record Token(Kind kind, int length, String name) {
  }

  /** Not a token: the character at the position is plain text. */
  static final Token NONE = new Token(null, 0, null);
  /** The text ends while it could still be a token. */
  static final Token PARTIAL = new Token(null, 0, null);

  /** The name of Kimi's {@code ◁think▷} tokens. */
  static final String TRIANGLE = "◁think▷";
  private static final String TRIANGLE_CLOSE = "◁/think▷";
  private static final Set<String> THINK_NAMES = Set.of("think", "thinking", "thought", "antthinking");
  private static final String FINAL_NAME = "final";
  private static final int LONGEST_NAME = "antthinking".length();
  /** An opening tag's attributes end within this many characters, or it is not taken for a tag. */
  static final int MAX_TAG_LENGTH = 64;
  private static final int LONGEST_HARMONY_WORD = 16;

  private ReasoningMarkup() {
  }

  /** Whether a token can start with {@code c}: the characters a scan stops at. */
  static boolean canStart(char c) {
    return c == '<' || c == '◁';
  }

  /**
   * The token starting at {@code at}.
   *
   * @param complete whether {@code text} is the whole output: nothing is {@link #PARTIAL} then
   */
  static Token at(CharSequence text, int at, boolean complete) {
    char first = text.charAt(at);
    if (first == '◁') {
      Token open = literal(text, at, TRIANGLE, Kind.THINK_OPEN, complete);
      return open != NONE ? open : literal(text, at, TRIANGLE_CLOSE, Kind.THINK_CLOSE, complete);
    }
    if (first != '<') {
      return NONE;
    }
    if (at + 1 >= text.length()) {
      return complete ? NONE : PARTIAL;
    }
    char second = text.charAt(at + 1);
    if (second == '|') {
      return harmony(text, at, complete);
    }
    return second == '/' ? closingTag(text, at, complete) : openingTag(text, at, complete);
  }

  private static Token literal(CharSequence text, int at, String token, Kind kind, boolean complete) {
    int i = 0;
    while (i < token.length() && at + i < text.length()) {
      if (text.charAt(at + i) != token.charAt(i)) {
        return NONE;
      }
      i++;
    }
    if (i == token.length()) {
      return new Token(kind, token.length(), TRIANGLE);
    }
    return complete ? NONE : PARTIAL;
  }

  /** {@code <|word|>}. */
  private static Token harmony(CharSequence text, int at, boolean complete) {
    int i = at + 2;
    while (i < text.length() && i - at - 2 <= LONGEST_HARMONY_WORD && isHarmonyWordChar(text.charAt(i))) {
      i++;
    }
    int wordLength = i - at - 2;
    if (wordLength == 0 || wordLength > LONGEST_HARMONY_WORD) {
      return i >= text.length() && wordLength == 0 && !complete ? PARTIAL : NONE;
    }
    if (i >= text.length()) {
      return complete ? NONE : PARTIAL;
    }
    if (text.charAt(i) != '|') {
      return NONE;
    }
    if (i + 1 >= text.length()) {
      return complete ? NONE : PARTIAL;
    }
    if (text.charAt(i + 1) != '>') {
      return NONE;
    }
    return new Token(Kind.HARMONY, i + 2 - at, text.subSequence(at + 2, i).toString());
  }

  /** {@code </name>} with optional spaces before the {@code >}. */
  private static Token closingTag(CharSequence text, int at, boolean complete) {
    int nameStart = at + 2;
    int i = nameStart;
    while (i < text.length() && i - nameStart <= LONGEST_NAME && isNameChar(text.charAt(i))) {
      i++;
    }
    String name = lower(text, nameStart, i);
    if (i >= text.length()) {
      return !complete && couldBeName(name) ? PARTIAL : NONE;
    }
    Kind kind = kindOf(name);
    if (kind == null) {
      return NONE;
    }
    while (i < text.length() && Character.isWhitespace(text.charAt(i)) && i - at < MAX_TAG_LENGTH) {
      i++;
    }
    if (i >= text.length()) {
      return complete || i - at >= MAX_TAG_LENGTH ? NONE : PARTIAL;
    }
    return text.charAt(i) == '>' ? new Token(kind == Kind.THINK_OPEN ? Kind.THINK_CLOSE : kind, i + 1 - at, name) : NONE;
  }

  /** {@code <name>} or {@code <name attributes…>}; the whole word is the name, so {@code <thinker>} is none. */
  private static Token openingTag(CharSequence text, int at, boolean complete) {
    int nameStart = at + 1;
    int i = nameStart;
    while (i < text.length() && i - nameStart <= LONGEST_NAME && isNameChar(text.charAt(i))) {
      i++;
    }
    String name = lower(text, nameStart, i);
    if (i >= text.length()) {
      return !complete && couldBeName(name) ? PARTIAL : NONE;
    }
    Kind kind = kindOf(name);
    if (kind == null) {
      return NONE;
    }
    while (i < text.length() && text.charAt(i) != '>' && i - at < MAX_TAG_LENGTH) {
      i++;
    }
    if (i >= text.length()) {
      return complete ? NONE : PARTIAL;
    }
    return text.charAt(i) == '>' ? new Token(kind, i + 1 - at, name) : NONE;
  }

  private static Kind kindOf(String name) {
    if (THINK_NAMES.contains(name)) {
      return Kind.THINK_OPEN;
    }
    return FINAL_NAME.equals(name) ? Kind.FINAL_TAG : null;
  }

  private static boolean couldBeName(String prefix) {
    if (FINAL_NAME.startsWith(prefix)) {
      return true;
    }
    for (String name : THINK_NAMES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean isHarmonyWordChar(char c) {
    return c >= 'a' && c <= 'z' || c == '_';
  }

  private static String lower(CharSequence text, int from, int to) {
    return text.subSequence(from, to).toString().toLowerCase(Locale.ROOT);
  }
}

package dev.switchboard.channel.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the inline Markdown models write: {@code `code`}, {@code **bold**}, {@code __bold__},
 * {@code *italic*}, {@code _italic_}, {@code ~~strike~~}, {@code [text](url)} and backslash escapes.
 * It is deliberately stricter than CommonMark where models' prose is ambiguous: an underscore glued
 * to a word on its outer side, or an asterisk glued to an ASCII word or number, is literal, so
 * {@code snake_case_name}, {@code 2*x*3} and {@code f(*args)} stay as written, and {@code __init__}
 * (an identifier between double underscores) is not bold. A marker without its partner on the same
 * line is literal text.
 */
public final class InlineParser {

  private final String s;
  private final StringBuilder text = new StringBuilder();
  private final List<Inline> out = new ArrayList<>();

  private InlineParser(String s) {
    this.s = s;
  }

  public static List<Inline> parse(String line) {
    return new InlineParser(line).run();
  }

  private List<Inline> run() {
    int i = 0;
    while (i < s.length()) {
      i = step(i);
    }
    flushText();
    return out;
  }

  /** Consumes one element or character at {@code i}; returns where the next begins. */
  private int step(int i) {
    char c = s.charAt(i);
    if (c == '\\' && i + 1 < s.length() && isAsciiPunctuation(s.charAt(i + 1))) {
      text.append(s.charAt(i + 1));
      return i + 2;
    }
    if (c == '`') {
      return code(i);
    }
    if (c == '[') {
      return link(i);
    }
    if (c == '*' || c == '_' || c == '~') {
      return emphasis(i, c);
    }
    text.append(c);
    return i + 1;
  }

  private int code(int i) {
    int run = runLength(i, '`');
    int close = s.indexOf("`".repeat(run), i + run);
    while (close >= 0 && runLength(close, '`') != run) {
      close = s.indexOf("`".repeat(run), close + runLength(close, '`'));
    }
    if (close < 0) {
      text.append("`".repeat(run));
      return i + run;
    }
    emit(new Inline.Code(s.substring(i + run, close), s.substring(i, close + run)));
    return close + run;
  }

  private int link(int i) {
    int labelEnd = skipCodeAndFind(i + 1, "](");
    if (labelEnd < 0) {
      text.append('[');
      return i + 1;
    }
    int depth = 0;
    for (int j = labelEnd + 2; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth-- == 0) {
        String url = s.substring(labelEnd + 2, j).trim();
        if (url.isEmpty() || url.contains(" ")) {
          break;
        }
        emit(new Inline.Link(parse(s.substring(i + 1, labelEnd)), url));
        return j + 1;
      }
    }
    text.append('[');
    return i + 1;
  }

  private int emphasis(int i, char marker) {
    int run = runLength(i, marker);
    boolean usable = marker == '~' ? run == 2 : run <= 3;
    int close = usable && opens(i, run, marker) ? closing(i + run, marker, run) : -1;
    if (close < 0) {
      text.append(String.valueOf(marker).repeat(run));
      return i + run;
    }
    String content = s.substring(i + run, close);
    if (marker == '_' && run == 2 && content.matches("\\w+")) {
      // __init__, __name__: Python identifiers, not bold.
      text.append(s, i, close + run);
      return close + run;
    }
    List<Inline> children = parse(content);
    emit(switch (run) {
      case 1 -> new Inline.Italic(children);
      case 2 -> marker == '~' ? new Inline.Strike(children) : new Inline.Bold(children);
      default -> new Inline.Bold(List.of(new Inline.Italic(children)));
    });
    return close + run;
  }

  /** An opening marker hugs its content and is not glued to a word on its left. */
  private boolean opens(int i, int width, char marker) {
    int after = i + width;
    return after < s.length() && !Character.isWhitespace(s.charAt(after))
        && (i == 0 || !glued(s.charAt(i - 1), marker));
  }

  /** The offset of the marker run of exactly {@code width} that closes an emphasis opened before {@code from}. */
  private int closing(int from, char marker, int width) {
    int j = from;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == '`') {
        int run = runLength(j, '`');
        int end = s.indexOf("`".repeat(run), j + run);
        j = end < 0 ? j + run : end + run;
        continue;
      }
      if (c == '\\') {
        j += 2;
        continue;
      }
      if (c != marker) {
        j++;
        continue;
      }
      int run = runLength(j, marker);
      boolean hugsContent = j > from && !Character.isWhitespace(s.charAt(j - 1));
      int after = j + run;
      boolean freeOnRight = after >= s.length() || !glued(s.charAt(after), marker);
      if (run == width && hugsContent && freeOnRight) {
        return j;
      }
      j += run;
    }
    return -1;
  }

  private int skipCodeAndFind(int from, String target) {
    int j = from;
    while (j < s.length()) {
      if (s.startsWith(target, j)) {
        return j;
      }
      if (s.charAt(j) == '`') {
        int run = runLength(j, '`');
        int end = s.indexOf("`".repeat(run), j + run);
        j = end < 0 ? j + run : end + run;
      } else {
        j++;
      }
    }
    return -1;
  }

  private int runLength(int i, char c) {
    int j = i;
    while (j < s.length() && s.charAt(j) == c) {
      j++;
    }
    return j - i;
  }

  private void emit(Inline inline) {
    flushText();
    out.add(inline);
  }

  private void flushText() {
    if (!text.isEmpty()) {
      out.add(new Inline.Text(text.toString()));
      text.setLength(0);
    }
  }

  /**
   * Whether a marker next to {@code c} is inside a word. Underscores never emphasise inside any
   * word (as in CommonMark); asterisks only not inside ASCII words and numbers ({@code 2*x*3}), so
   * that {@code **粗体**中文} still works.
   */
  private static boolean glued(char c, char marker) {
    boolean wordChar = Character.isLetterOrDigit(c) || c == '_';
    return marker == '_' ? wordChar : wordChar && c < 128;
  }

  private static boolean isAsciiPunctuation(char c) {
    return c < 128 && !Character.isLetterOrDigit(c) && !Character.isWhitespace(c) && c > ' ';
  }
}

package dev.switchboard.channel.format;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Markdown subset language models write into {@link Block}s, line by line: fenced code,
 * {@code #} headings, {@code -}/{@code *}/{@code +}/{@code 1.} list items, {@code >} quotes, blank
 * lines and text lines. Anything else (tables, rules, HTML) is a text line, shown as written.
 */
public final class MarkdownParser {

  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
  private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");
  private static final Pattern ORDERED = Pattern.compile("^(\\s*)(\\d{1,9}[.)])\\s+(.*)$");
  private static final Pattern QUOTE = Pattern.compile("^ {0,3}> ?(.*)$");

  private MarkdownParser() {
  }

  public static List<Block> parse(String markdown) {
    String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
    List<Block> blocks = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      i = parseAt(lines, i, blocks);
    }
    return blocks;
  }

  /** Parses the block starting at line {@code i} into {@code blocks}; returns the next line's index. */
  private static int parseAt(String[] lines, int i, List<Block> blocks) {
    String line = lines[i];
    FenceLine fence = FenceLine.opening(line);
    if (fence != null) {
      return codeBlock(lines, i, fence, blocks);
    }
    if (QUOTE.matcher(line).matches()) {
      StringBuilder quoted = new StringBuilder();
      int j = i;
      Matcher quote;
      while (j < lines.length && (quote = QUOTE.matcher(lines[j])).matches()) {
        quoted.append(j > i ? "\n" : "").append(quote.group(1));
        j++;
      }
      blocks.add(new Block.Quote(parse(quoted.toString())));
      return j;
    }
    blocks.add(lineBlock(line));
    return i + 1;
  }

  private static int codeBlock(String[] lines, int open, FenceLine fence, List<Block> blocks) {
    StringBuilder code = new StringBuilder();
    int j = open + 1;
    while (j < lines.length && !fence.closedBy(lines[j])) {
      code.append(j > open + 1 ? "\n" : "").append(lines[j]);
      j++;
    }
    blocks.add(new Block.CodeBlock(fence.language(), code.toString()));
    return Math.min(j + 1, lines.length);
  }

  private static Block lineBlock(String line) {
    if (line.isBlank()) {
      return new Block.Blank();
    }
    Matcher heading = HEADING.matcher(line);
    if (heading.matches()) {
      return new Block.Heading(heading.group(1).length(), InlineParser.parse(heading.group(2)));
    }
    Matcher bullet = BULLET.matcher(line);
    if (bullet.matches() && !isRule(line)) {
      return new Block.ListItem(bullet.group(1), null, InlineParser.parse(bullet.group(2)));
    }
    Matcher ordered = ORDERED.matcher(line);
    if (ordered.matches()) {
      return new Block.ListItem(ordered.group(1), ordered.group(2), InlineParser.parse(ordered.group(3)));
    }
    return new Block.Line(InlineParser.parse(line));
  }

  /** {@code - - -} and {@code * * *} are rules, not list items. */
  private static boolean isRule(String line) {
    return line.strip().matches("([-*_])( *\\1){2,}");
  }
}

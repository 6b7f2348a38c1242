package dev.switchboard.channel.format;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opening line of a fenced code block: up to three spaces, then three or more backticks or
 * tildes, then an optional language. Shared by the Markdown parser and the text chunker, so both
 * agree on where code starts and ends.
 *
 * @param marker   the fence characters ({@code ```}); a closing line needs at least as many
 * @param language the first word after the fence, or empty
 */
public record FenceLine(String marker, String language) {

  private static final Pattern OPENING = Pattern.compile("^ {0,3}(`{3,}|~{3,})[ \\t]*(\\S*).*$");

  /** The fence this line opens, or null when it is no fence line. */
  public static FenceLine opening(String line) {
    Matcher matcher = OPENING.matcher(line);
    if (!matcher.matches()) {
      return null;
    }
    String marker = matcher.group(1);
    String info = line.substring(matcher.end(1));
    // "```x```" on one line is inline code: a backtick fence's info never holds a backtick.
    if (marker.charAt(0) == '`' && info.indexOf('`') >= 0) {
      return null;
    }
    return new FenceLine(marker, matcher.group(2));
  }

  /** Whether {@code line} closes this fence: the same character, at least as many, nothing else. */
  public boolean closedBy(String line) {
    String trimmed = line.strip();
    return line.length() - line.stripLeading().length() <= 3 && trimmed.length() >= marker.length()
        && trimmed.chars().allMatch(c -> c == marker.charAt(0));
  }
}

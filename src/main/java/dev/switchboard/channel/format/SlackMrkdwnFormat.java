package dev.switchboard.channel.format;

import java.util.List;

/**
 * Model Markdown to Slack mrkdwn: {@code *bold*}, {@code _italic_}, {@code ~strike~},
 * {@code <url|text>}, {@code >} quotes, headings as bold lines. {@code & < >} are escaped
 * everywhere, code included: Slack reads them as control characters otherwise.
 */
public final class SlackMrkdwnFormat extends MarkdownRenderer {

  @Override
  protected String text(String text) {
    return escapeAngles(text);
  }

  @Override
  protected String code(Inline.Code code) {
    return escapeAngles(code.source());
  }

  @Override
  protected String bold(String rendered) {
    return "*" + rendered + "*";
  }

  @Override
  protected String italic(String rendered) {
    return "_" + rendered + "_";
  }

  @Override
  protected String strike(String rendered) {
    return "~" + rendered + "~";
  }

  /** A {@code |} in the label would end it early, so such a label stays outside the link. */
  @Override
  protected String link(String rendered, String plain, String url) {
    if (!isLinkable(url)) {
      return rendered + " (" + escapeAngles(url) + ")";
    }
    if (plain.equals(url)) {
      return "<" + escapeAngles(url) + ">";
    }
    return rendered.contains("|") ? rendered + " (<" + escapeAngles(url) + ">)" : "<" + escapeAngles(url) + "|" + rendered + ">";
  }

  @Override
  protected String bullet() {
    return "• ";
  }

  /** The language is dropped: Slack would show it as the first word of the code. */
  @Override
  protected String codeBlock(String language, String code) {
    return "```\n" + escapeAngles(code) + "\n```";
  }

  @Override
  protected String quote(List<Block> children) {
    return "> " + blocks(children).replace("\n", "\n> ");
  }
}

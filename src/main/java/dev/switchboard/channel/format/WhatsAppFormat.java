package dev.switchboard.channel.format;

import java.util.List;

/**
 * Model Markdown to WhatsApp's markup: {@code *bold*}, {@code _italic_}, {@code ~strike~},
 * {@code `code`} and {@code ```} blocks kept. WhatsApp has no headings and no link markup:
 * headings become bold lines, links {@code text (url)}. Nothing needs escaping (nor can be).
 */
public final class WhatsAppFormat extends MarkdownRenderer {

  @Override
  protected String text(String text) {
    return text;
  }

  @Override
  protected String code(Inline.Code code) {
    return code.source();
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

  @Override
  protected String link(String rendered, String plain, String url) {
    return plain.equals(url) ? url : rendered + " (" + url + ")";
  }

  @Override
  protected String bullet() {
    return "- ";
  }

  /** The language is dropped: WhatsApp would show it as the first word of the code. */
  @Override
  protected String codeBlock(String language, String code) {
    return "```\n" + code + "\n```";
  }

  @Override
  protected String quote(List<Block> children) {
    return "> " + blocks(children).replace("\n", "\n> ");
  }
}

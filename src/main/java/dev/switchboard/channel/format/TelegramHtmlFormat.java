package dev.switchboard.channel.format;

import java.util.List;

/**
 * Model Markdown to Telegram's HTML parse mode: {@code <b> <i> <s> <code> <a href>},
 * {@code <pre><code class="language-x">} blocks, {@code <blockquote>}, headings as {@code <b>}.
 * Only {@code & < >} are escaped (and {@code "} in attributes), in code too. The output is always
 * well-formed, whatever the input: tags come from the parsed structure, and an unbalanced marker
 * stays literal text. If Telegram still answers "can't parse entities", send the Markdown as plain text.
 */
public final class TelegramHtmlFormat extends MarkdownRenderer {

  @Override
  protected String text(String text) {
    return escapeAngles(text);
  }

  @Override
  protected String code(Inline.Code code) {
    return "<code>" + escapeAngles(code.content()) + "</code>";
  }

  @Override
  protected String bold(String rendered) {
    return "<b>" + rendered + "</b>";
  }

  @Override
  protected String italic(String rendered) {
    return "<i>" + rendered + "</i>";
  }

  @Override
  protected String strike(String rendered) {
    return "<s>" + rendered + "</s>";
  }

  @Override
  protected String link(String rendered, String plain, String url) {
    if (!isLinkable(url)) {
      return rendered + " (" + escapeAngles(url) + ")";
    }
    return "<a href=\"" + escapeAngles(url).replace("\"", "&quot;") + "\">" + rendered + "</a>";
  }

  @Override
  protected String bullet() {
    return "• ";
  }

  @Override
  protected String codeBlock(String language, String code) {
    String open = language.isEmpty() ? "<pre><code>"
        : "<pre><code class=\"language-" + escapeAngles(language).replace("\"", "&quot;") + "\">";
    return open + escapeAngles(code) + "</code></pre>";
  }

  @Override
  protected String quote(List<Block> children) {
    return "<blockquote>" + blocks(children) + "</blockquote>";
  }
}

package dev.switchboard.channel.format;

import java.util.List;
import java.util.Locale;

/**
 * Converts model Markdown to one platform's markup. Subclasses say how each element looks; this
 * class walks the parsed text. Output keeps the input's lines. Code spans and blocks are never
 * reformatted, only escaped where the platform requires it.
 */
public abstract class MarkdownRenderer {

  /** The platform markup for {@code markdown}. */
  public final String render(String markdown) {
    return blocks(MarkdownParser.parse(markdown));
  }

  /** The platform markup for {@code blocks}, e.g. a quote's children. */
  protected final String blocks(List<Block> blocks) {
    StringBuilder out = new StringBuilder();
    blocks(blocks, out);
    return out.toString();
  }

  private void blocks(List<Block> blocks, StringBuilder out) {
    for (int i = 0; i < blocks.size(); i++) {
      if (i > 0) {
        out.append('\n');
      }
      block(blocks.get(i), out);
    }
  }

  private void block(Block block, StringBuilder out) {
    if (block instanceof Block.Line line) {
      out.append(inlines(line.content(), false));
    } else if (block instanceof Block.Heading heading) {
      out.append(heading(inlines(heading.content(), true)));
    } else if (block instanceof Block.ListItem item) {
      out.append(item.indent()).append(item.ordered() ? item.marker() + " " : bullet())
          .append(inlines(item.content(), false));
    } else if (block instanceof Block.CodeBlock code) {
      out.append(codeBlock(code.language(), code.code()));
    } else if (block instanceof Block.Quote quote) {
      out.append(quote(quote.children()));
    }
  }

  /**
   * Renders inline elements.
   *
   * @param inBold inside a heading (rendered bold as a whole), where bold markers would only add noise
   */
  protected final String inlines(List<Inline> inlines, boolean inBold) {
    StringBuilder out = new StringBuilder();
    for (Inline inline : inlines) {
      if (inline instanceof Inline.Text text) {
        out.append(text(text.text()));
      } else if (inline instanceof Inline.Code code) {
        out.append(code(code));
      } else if (inline instanceof Inline.Bold bold) {
        String children = inlines(bold.children(), inBold);
        out.append(inBold ? children : bold(children));
      } else if (inline instanceof Inline.Italic italic) {
        out.append(italic(inlines(italic.children(), inBold)));
      } else if (inline instanceof Inline.Strike strike) {
        out.append(strike(inlines(strike.children(), inBold)));
      } else if (inline instanceof Inline.Link link) {
        out.append(link(inlines(link.label(), inBold), plainText(link.label()), link.url()));
      }
    }
    return out.toString();
  }

  /** The label's text without markup, to compare it with the URL. */
  protected static String plainText(List<Inline> inlines) {
    StringBuilder out = new StringBuilder();
    for (Inline inline : inlines) {
      if (inline instanceof Inline.Text text) {
        out.append(text.text());
      } else if (inline instanceof Inline.Code code) {
        out.append(code.content());
      } else if (inline instanceof Inline.Bold bold) {
        out.append(plainText(bold.children()));
      } else if (inline instanceof Inline.Italic italic) {
        out.append(plainText(italic.children()));
      } else if (inline instanceof Inline.Strike strike) {
        out.append(plainText(strike.children()));
      } else if (inline instanceof Inline.Link link) {
        out.append(plainText(link.label()));
      }
    }
    return out.toString();
  }

  /** Whether a URL may become a clickable link (no {@code javascript:} and the like). */
  protected static boolean isLinkable(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:")
        || lower.startsWith("tg://");
  }

  /** Escapes {@code & < >} as HTML entities: all that Telegram's HTML and Slack's mrkdwn need. */
  protected static String escapeAngles(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  protected abstract String text(String text);

  protected abstract String code(Inline.Code code);

  protected abstract String bold(String rendered);

  protected abstract String italic(String rendered);

  protected abstract String strike(String rendered);

  /**
   * @param rendered the label in platform markup
   * @param plain    the label as plain text
   */
  protected abstract String link(String rendered, String plain, String url);

  /**
   * A heading, as a bold line: no platform here has headings of its own.
   *
   * @param rendered the heading's text in platform markup, without bold inside
   */
  protected String heading(String rendered) {
    return bold(rendered);
  }

  /** The bullet of an unordered list item, trailing space included. */
  protected abstract String bullet();

  protected abstract String codeBlock(String language, String code);

  protected abstract String quote(List<Block> children);
}

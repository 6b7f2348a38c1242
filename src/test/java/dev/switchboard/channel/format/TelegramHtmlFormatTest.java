package dev.switchboard.channel.format;

import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TelegramHtmlFormatTest {

  private final TelegramHtmlFormat format = new TelegramHtmlFormat();

  @Test
  void aTypicalAnswerBecomesTelegramHtml() {
    assertEquals("""
        <b>Fixing the build</b>

        Here's what to do:

        1. Install the <b>latest</b> version
        2. Run <code>pip install -U foo&lt;2</code>
        • Use <i>care</i> with <s>old</s> flags
        • Or read <a href="https://example.com/a?b=1&amp;c=2">the docs</a>

        <blockquote><b>Note:</b> this needs Python 3.12 &amp; pip.</blockquote>

        <pre><code class="language-python">def my_func(a, b):
            return a * b  # **not bold** &lt;here&gt;</code></pre>

        The formula is 2 * 3 * 4 = 24, and 2*x*3 stays; snake_case_names and __init__ too.""",
        format.render(ModelOutput.ANSWER));
  }

  @Test
  void aCodeBlockWithoutLanguageIsAPlainPre() {
    assertEquals("<pre><code>x &lt; y &amp;&amp; y &gt; z</code></pre>", format.render("```\nx < y && y > z\n```"));
  }

  @Test
  void quotedLinesBecomeOneBlockquote() {
    assertEquals("<blockquote>line one\n<b>line</b> two</blockquote>", format.render("> line one\n> **line** two"));
  }

  @Test
  void quotesInLinkUrlsAreEscaped() {
    assertEquals("<a href=\"https://x.io/?q=&quot;a&quot;\">q</a>", format.render("[q](https://x.io/?q=\"a\")"));
  }

  @Test
  void theOutputIsWellFormedWhateverTheInput() {
    Random random = new Random(7);
    String[] pieces = {"**", "*", "__", "_", "~~", "`", "```", "```py\n", "[", "](", "https://a.b", ")", "<", ">",
        "&", "\"", "> ", "# ", "- ", "\n", "\n\n", "word", " ", "snake_case", "2 * 3", "😀"};
    for (int round = 0; round < 2000; round++) {
      StringBuilder markdown = new StringBuilder();
      for (int i = random.nextInt(30); i > 0; i--) {
        markdown.append(pieces[random.nextInt(pieces.length)]);
      }
      String html = format.render(markdown.toString());
      assertWellFormed(html, markdown.toString());
      assertFalse(html.matches("(?s).*<(?!/?(b|i|s|code|pre|a|blockquote)[ >]).*"), "unknown tag in " + html);
    }
  }

  private static void assertWellFormed(String html, String markdown) {
    try {
      DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new InputSource(new StringReader("<root>" + html + "</root>")));
    } catch (Exception e) {
      fail("not well-formed: " + html + "\nfrom: " + markdown + "\n" + e.getMessage());
    }
  }
}

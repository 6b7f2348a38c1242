package dev.switchboard.channel.format;

import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SlackMrkdwnFormatTest {

  private final SlackMrkdwnFormat format = new SlackMrkdwnFormat();

  @Test
  void aTypicalAnswerReadsWellOnSlack() {
    assertEquals("""
        *Fixing the build*

        Here's what to do:

        1. Install the *latest* version
        2. Run `pip install -U foo&lt;2`
        • Use _care_ with ~old~ flags
        • Or read <https://example.com/a?b=1&amp;c=2|the docs>

        > *Note:* this needs Python 3.12 &amp; pip.

        ```
        def my_func(a, b):
            return a * b  # **not bold** &lt;here&gt;
        ```

        The formula is 2 * 3 * 4 = 24, and 2*x*3 stays; snake_case_names and __init__ too.""",
        format.render(ModelOutput.ANSWER));
  }

  @Test
  void textThatLooksLikeSlackControlSequencesIsEscaped() {
    assertEquals("&lt;!channel&gt; &lt;@U123&gt; a &amp;&amp; b", format.render("<!channel> <@U123> a && b"));
  }

  @Test
  void aLabelWithAPipeStaysOutsideTheLink() {
    assertEquals("a|b (<https://x.io>)", format.render("[a|b](https://x.io)"));
  }

  @Test
  void aScriptUrlIsNotMadeClickable() {
    assertEquals("click (javascript:alert(1))", format.render("[click](javascript:alert(1))"));
  }

  @Test
  void nestedQuotesKeepTheirMarkers() {
    assertEquals("> outer\n> > inner", format.render("> outer\n> > inner"));
  }
}

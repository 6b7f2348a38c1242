package dev.switchboard.channel.format;

import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WhatsAppFormatTest {

  private final WhatsAppFormat format = new WhatsAppFormat();

  @Test
  void aTypicalAnswerReadsWellOnWhatsApp() {
    assertEquals("""
        *Fixing the build*

        Here's what to do:

        1. Install the *latest* version
        2. Run `pip install -U foo<2`
        - Use _care_ with ~old~ flags
        - Or read the docs (https://example.com/a?b=1&c=2)

        > *Note:* this needs Python 3.12 & pip.

        ```
        def my_func(a, b):
            return a * b  # **not bold** <here>
        ```

        The formula is 2 * 3 * 4 = 24, and 2*x*3 stays; snake_case_names and __init__ too.""",
        format.render(ModelOutput.ANSWER));
  }

  @Test
  void boldInsideAHeadingIsNotDoubled() {
    assertEquals("*Step 1: install*", format.render("### **Step 1:** install"));
  }

  @Test
  void aLinkWhoseTextIsItsUrlIsShownOnce() {
    assertEquals("see https://example.com", format.render("see [https://example.com](https://example.com)"));
  }

  @Test
  void unbalancedMarkersAreLeftAsTheModelWroteThem() {
    assertEquals("**unclosed and _open", format.render("**unclosed and _open"));
  }
}

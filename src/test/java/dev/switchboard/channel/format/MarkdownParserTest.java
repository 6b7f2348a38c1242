package dev.switchboard.channel.format;

import dev.switchboard.channel.format.Inline.Bold;
import dev.switchboard.channel.format.Inline.Code;
import dev.switchboard.channel.format.Inline.Italic;
import dev.switchboard.channel.format.Inline.Link;
import dev.switchboard.channel.format.Inline.Strike;
import dev.switchboard.channel.format.Inline.Text;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class MarkdownParserTest {

  @Test
  void emphasisCodeAndLinksAreRecognised() {
    assertEquals(List.of(new Bold(List.of(new Text("b"))), new Text(" "), new Italic(List.of(new Text("i"))),
            new Text(" "), new Italic(List.of(new Text("u"))), new Text(" "), new Strike(List.of(new Text("s"))),
            new Text(" "), new Code("c", "`c`"), new Text(" "),
            new Link(List.of(new Text("t")), "https://x.y")),
        InlineParser.parse("**b** *i* _u_ ~~s~~ `c` [t](https://x.y)"));
  }

  @Test
  void nestedEmphasisIsParsedInside() {
    assertEquals(List.of(new Bold(List.of(new Text("very "), new Italic(List.of(new Text("important")))))),
        InlineParser.parse("**very _important_**"));
    assertEquals(List.of(new Bold(List.of(new Italic(List.of(new Text("both")))))), InlineParser.parse("***both***"));
  }

  @Test
  void underscoresInsideIdentifiersStayLiteral() {
    for (String text : List.of("snake_case_name", "my_var and other_var", "__init__", "__name__ == \"__main__\"",
        "_private_thing")) {
      assertEquals(List.of(new Text(text)), InlineParser.parse(text), text);
    }
  }

  @Test
  void asterisksInMathAndCodeArgumentsStayLiteral() {
    for (String text : List.of("2 * 3 * 4", "2*x*3", "a ** b", "f(*args, **kwargs)", "5 * (x + y)*2")) {
      assertEquals(List.of(new Text(text)), InlineParser.parse(text), text);
    }
  }

  @Test
  void unbalancedMarkersStayLiteral() {
    for (String text : List.of("**never closed", "a ~~half", "[label](no closing", "`open code", "*lonely")) {
      assertEquals(List.of(new Text(text)), InlineParser.parse(text), text);
    }
  }

  @Test
  void markersInsideCodeSpansAreNotFormatting() {
    assertEquals(List.of(new Code("**x** _y_", "`**x** _y_`")), InlineParser.parse("`**x** _y_`"));
    assertEquals(List.of(new Code("a`b", "``a`b``")), InlineParser.parse("``a`b``"));
  }

  @Test
  void backslashEscapesAreHonoured() {
    assertEquals(List.of(new Text("*not italic*")), InlineParser.parse("\\*not italic\\*"));
  }

  @Test
  void emphasisNextToNonAsciiLettersStillWorks() {
    assertEquals(List.of(new Bold(List.of(new Text("粗体"))), new Text("中文")), InlineParser.parse("**粗体**中文"));
  }

  @Test
  void blocksAreRecognisedLineByLine() {
    List<Block> blocks = MarkdownParser.parse(ModelOutput.ANSWER);
    assertEquals(new Block.Heading(2, List.of(new Text("Fixing the build"))), blocks.get(0));
    assertInstanceOf(Block.Blank.class, blocks.get(1));
    assertEquals("1.", ((Block.ListItem) blocks.get(4)).marker());
    assertEquals(null, ((Block.ListItem) blocks.get(6)).marker());
    assertEquals(null, ((Block.ListItem) blocks.get(7)).marker());
    assertInstanceOf(Block.Quote.class, blocks.get(9));
    assertEquals(new Block.CodeBlock("python", "def my_func(a, b):\n    return a * b  # **not bold** <here>"),
        blocks.get(11));
  }

  @Test
  void anUnclosedCodeBlockRunsToTheEnd() {
    assertEquals(List.of(new Block.Line(List.of(new Text("Code:"))), new Block.CodeBlock("js", "let a = 1;\n")),
        MarkdownParser.parse("Code:\n```js\nlet a = 1;\n"));
  }

  @Test
  void rulesAndTablesAreTextLines() {
    assertEquals(List.of(new Block.Line(List.of(new Text("---"))), new Block.Line(List.of(new Text("* * *"))),
            new Block.Line(List.of(new Text("| a | b |")))),
        MarkdownParser.parse("---\n* * *\n| a | b |"));
  }
}

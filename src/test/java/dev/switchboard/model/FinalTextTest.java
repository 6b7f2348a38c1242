package dev.switchboard.model;

import dev.switchboard.bus.Usage;
import dev.switchboard.config.ReasoningTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class FinalTextTest {

  static Stream<Arguments> visibleText() {
    return Stream.of(
        arguments("plain text is trimmed", "  Hello there \n", "Hello there"),
        arguments("null is empty", null, ""),
        arguments("think block", "<think>secret plan</think>Hello", "Hello"),
        arguments("think block, any case, attributes", "<THINK type=\"x\">secret</Think >Hello", "Hello"),
        arguments("thinking block", "<thinking>\nsecret\n</thinking>\n\nHello", "Hello"),
        arguments("thought block", "<thought>secret</thought>Hello", "Hello"),
        arguments("antthinking block", "<antThinking>secret</antThinking>Hello", "Hello"),
        arguments("several blocks", "<think>a</think>Hel<thinking>b</thinking>lo", "Hello"),
        arguments("Kimi triangle markers", "◁think▷secret◁/think▷Hello", "Hello"),
        arguments("a stray closing tag goes, the text stays", "Hello</think> there", "Hello there"),
        arguments("a tag-like word is text", "<thinker> and <finale>", "<thinker> and <finale>"),
        arguments("an unfinished tag at the end is text", "a <thi", "a <thi"),
        arguments("unclosed opening tag hides the rest", "Hello <think>and then I", "Hello"),
        arguments("a reply that is one unclosed block is empty", "<think>I was truncated", ""),
        arguments("only reasoning is empty", "<think>only this</think>", ""),
        arguments("Harmony analysis then final",
            "<|start|>assistant<|channel|>analysis<|message|>secret<|end|><|start|>assistant<|channel|>final<|message|>Hello<|return|>",
            "Hello"),
        arguments("Harmony analysis without final is empty", "<|channel|>analysis<|message|>secret", ""),
        arguments("Harmony tokens alone are dropped", "Hello<|end|>", "Hello"),
        arguments("Harmony final channel with a constrain token",
            "<|channel|>analysis<|message|>x<|end|><|start|>assistant<|channel|>final <|constrain|>text<|message|>Hi<|return|>",
            "Hi"),
        arguments("final tag unwrapped", "<final>Hello</final>", "Hello"),
        arguments("think then final", "<think>secret</think><final>Hello</final>", "Hello"),
        arguments("fenced code keeps a think tag", "Use this:\n```html\n<think>x</think>\n```\nDone",
            "Use this:\n```html\n<think>x</think>\n```\nDone"),
        arguments("inline code keeps a think tag", "Wrap it in `<think>` tags.", "Wrap it in `<think>` tags."),
        arguments("inline code keeps an orphan closing tag", "Close with `</think>` then answer.",
            "Close with `</think>` then answer."),
        arguments("a think block holding code is removed whole", "<think>try `x` and\n```\ncode\n```\n</think>Hello `y`",
            "Hello `y`"),
        arguments("angle brackets in prose stay", "1 < 2 and 3 > 2", "1 < 2 and 3 > 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void visibleText(String description, String backendText, String expected) {
    assertEquals(expected, FinalText.of(backendText));
  }

  static Stream<Arguments> orphanClose() {
    return Stream.of(
        arguments("orphan closing tag (LM Studio + MiniMax)", "secret plan</think>\n\nHello", "Hello"),
        arguments("later closing tags are dropped", "a</think>b</think>Hello", "bHello"),
        arguments("a complete block closes the hold too", "<think>a</think>Hello", "Hello"),
        arguments("no closing tag at all: the model did not reason", "Hello there", "Hello there"),
        arguments("the first closing tag ends the hold, whatever came before", "Hi <think>x</think>there", "there"),
        arguments("a closing tag of the family", "plan</thinking>Hello", "Hello"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void orphanClose(String description, String backendText, String expected) {
    assertEquals(expected, FinalText.of(backendText, ReasoningTags.ORPHAN_CLOSE));
  }

  @Test
  void aStreamHoldsBackOnlyWhatCouldStillBeATag() {
    FinalText filter = new FinalText(ReasoningTags.PAIRED);
    assertEquals("Hello", filter.feed("Hello <th"));
    assertEquals(" <the world", filter.feed("e world <"));
    assertEquals("", filter.feed("think>secret"));
    assertEquals("", filter.feed("</think"));
    assertEquals("  and `<think>", filter.feed("> and `<think>"));
    assertEquals("` done", filter.feed("` done"));
    assertEquals("", filter.finish());
  }

  @Test
  void anOrphanCloseModelShowsNothingUntilItsClosingTag() {
    FinalText filter = new FinalText(ReasoningTags.ORPHAN_CLOSE);
    assertEquals("", filter.feed("I should greet. "));
    assertEquals("", filter.feed("Done thinking.</th"));
    assertEquals("Hello", filter.feed("ink>\n\nHello"));
    assertEquals("!", filter.feed("!\n"));
    assertEquals("", filter.finish());
  }

  @Test
  void aReplyWithNothingLeftIsAnEmptyReplyFailure() {
    ModelException failure = assertThrows(ModelException.class,
        () -> new VisibleReply(ReasoningTags.PAIRED, text -> { }).end(new BackendText("<think>only reasoning</think>", Usage.NONE)));
    assertEquals(ModelErrorClass.EMPTY_REPLY, failure.errorClass());
  }

  @Test
  void aReplyKeepsUsage() {
    ModelReply reply = new VisibleReply(ReasoningTags.PAIRED, text -> { }).end(new BackendText("<think>x</think>Hi", new Usage(3, 4)));
    assertEquals(new ModelReply("Hi", new Usage(3, 4)), reply);
  }
}

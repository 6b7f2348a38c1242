package dev.switchboard.model;

import dev.switchboard.config.ReasoningTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streamed text is the buffered text, whatever the chunks: many generated model outputs, each
 * cut at random places many times (seeded, so a failure repeats), fed piece by piece. The outputs
 * hide the word {@code SECRET} only in reasoning, and it must never come out.
 */
@Timeout(60)
class FinalTextSplitTest {

  private static final int OUTPUTS = 2_000;
  private static final int SPLITS_PER_OUTPUT = 25;
  private static final String SECRET = "SECRET";

  private static final List<String> TEXT = List.of("Hello", " world", ", ", "\n", "\n\n", "  ", "1 < 2", " a > b",
      "<b>bold</b>", "<thinker>", "<finale>", "◁", "<|", "|>", "<", "`x`", "`<think>`", "``y``", "è", "日本", "😀", "</",
      "<final>", "</final>", "</think>", "<think", "thinking");
  private static final List<String> REASONING_OPEN = List.of("<think>", "<THINK type=\"x\">", "<thinking>",
      "<thought>", "<antThinking>", "◁think▷");

  @Test
  void anySplitOfAnOutputStreamsItsBufferedText() {
    Random random = new Random(20261204L);
    int withSecretHidden = 0;
    for (int n = 0; n < OUTPUTS; n++) {
      ReasoningTags tags = n % 3 == 0 ? ReasoningTags.ORPHAN_CLOSE : ReasoningTags.PAIRED;
      String output = output(random, tags);
      String buffered = FinalText.of(output, tags);
      assertFalse(buffered.contains(SECRET), () -> "reasoning leaked from " + output + " -> " + buffered);
      if (output.contains(SECRET)) {
        withSecretHidden++;
      }
      for (int s = 0; s < SPLITS_PER_OUTPUT; s++) {
        List<String> chunks = split(random, output);
        assertEquals(buffered, streamed(chunks, tags), () -> "split " + chunks + " (" + tags + ")");
      }
    }
    assertTrue(withSecretHidden > OUTPUTS / 2, "the generator must hide reasoning in most outputs");
  }

  @Test
  void characterByCharacterStreamsTheBufferedText() {
    Random random = new Random(7L);
    for (int n = 0; n < 500; n++) {
      ReasoningTags tags = n % 2 == 0 ? ReasoningTags.ORPHAN_CLOSE : ReasoningTags.PAIRED;
      String output = output(random, tags);
      List<String> chars = output.chars().mapToObj(c -> String.valueOf((char) c)).toList();
      assertEquals(FinalText.of(output, tags), streamed(chars, tags), output);
    }
  }

  private static String streamed(List<String> chunks, ReasoningTags tags) {
    FinalText filter = new FinalText(tags);
    StringBuilder seen = new StringBuilder();
    for (String chunk : chunks) {
      seen.append(filter.feed(chunk));
    }
    return seen.append(filter.finish()).toString();
  }

  /** A model's output: text, reasoning blocks, code, Harmony channels, in random order. */
  private static String output(Random random, ReasoningTags tags) {
    StringBuilder out = new StringBuilder();
    if (tags == ReasoningTags.ORPHAN_CLOSE && random.nextInt(4) > 0) {
      out.append("I think ").append(SECRET).append(" <b>").append(random.nextBoolean() ? "</think>" : "</thinking>");
    }
    int parts = 1 + random.nextInt(8);
    for (int p = 0; p < parts; p++) {
      if (!out.isEmpty() && out.charAt(out.length() - 1) == '`') {
        // two code spans side by side would be one run of backticks, opening a span that hides nothing
        out.append(' ');
      }
      switch (random.nextInt(7)) {
        case 0, 1, 2 -> out.append(TEXT.get(random.nextInt(TEXT.size())));
        case 3 -> {
          String open = REASONING_OPEN.get(random.nextInt(REASONING_OPEN.size()));
          out.append(open).append("plan ").append(SECRET).append(" `code` <b>\n```\nx\n```\n");
          if (random.nextInt(5) > 0) {
            out.append(closing(open));
          }
        }
        case 4 -> out.append("\n```java\nString s = \"<think>\";\n```\n");
        case 5 -> out.append("<|start|>assistant<|channel|>analysis<|message|>").append(SECRET).append("<|end|>")
            .append(random.nextBoolean() ? "<|start|>assistant<|channel|>final<|message|>Answer<|return|>" : "");
        default -> out.append("<final>").append(TEXT.get(random.nextInt(TEXT.size()))).append("</final>");
      }
    }
    return out.toString();
  }

  private static String closing(String open) {
    if (open.equals("◁think▷")) {
      return "◁/think▷";
    }
    String name = open.substring(1).split("[ >]")[0];
    return "</" + name + ">";
  }

  private static List<String> split(Random random, String text) {
    java.util.ArrayList<String> chunks = new java.util.ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int size = 1 + random.nextInt(Math.max(1, Math.min(12, text.length() - at)));
      chunks.add(text.substring(at, at + size));
      at += size;
    }
    return chunks;
  }
}

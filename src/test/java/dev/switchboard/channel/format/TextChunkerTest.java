package dev.switchboard.channel.format;

import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TextChunkerTest {

  @Test
  void aShortReplyIsOneChunkAsWritten() {
    assertEquals(List.of("Hello **there**."), new TextChunker(4000).split("Hello **there**."));
    assertEquals(List.of(), new TextChunker(4000).split(" \n\n "));
  }

  @Test
  void paragraphsAreKeptTogetherWhenTheyFit() {
    String first = "First paragraph. " + "a".repeat(30);
    String second = "Second paragraph, a bit longer than the first. " + "b".repeat(30);
    assertEquals(List.of(first, second), new TextChunker(100).split(first + "\n\n" + second));
  }

  @Test
  void aLongParagraphIsCutAfterASentenceRatherThanMidSentence() {
    String text = "This is the first sentence of it. And this second one goes on and on for a long while.";
    assertEquals(List.of("This is the first sentence of it.",
        "And this second one goes on and on for a long while."), new TextChunker(60).split(text));
  }

  @Test
  void aWordLongerThanTheLimitIsCutButShortWordsNever() {
    String url = "https://example.com/" + "x".repeat(80);
    List<String> chunks = new TextChunker(40).split("see " + url + " now");
    assertEquals("see", chunks.get(0));
    assertEquals(url + " now", String.join("", chunks.subList(1, chunks.size())));
    chunks.forEach(chunk -> assertTrue(chunk.length() <= 40));
  }

  @Test
  void surrogatePairsAreNeverSplit() {
    String emoji = "😀".repeat(50);
    List<String> chunks = new TextChunker(33).split(emoji);
    assertEquals(emoji, String.join("", chunks));
    chunks.forEach(chunk -> {
      assertTrue(chunk.length() <= 33);
      assertFalse(Character.isLowSurrogate(chunk.charAt(0)), chunk);
    });
  }

  @Test
  void aSplitCodeBlockIsClosedAndReopenedWithItsLanguage() {
    StringBuilder code = new StringBuilder("Here is the script:\n\n```python\n");
    for (int i = 0; i < 30; i++) {
      code.append("print(\"line ").append(i).append("\")\n");
    }
    code.append("```\nDone.");
    List<String> chunks = new TextChunker(200).split(code.toString());
    assertTrue(chunks.size() > 2, chunks.toString());
    for (int i = 0; i < chunks.size(); i++) {
      String chunk = chunks.get(i);
      assertEquals(0, chunk.lines().filter(line -> line.startsWith("```")).count() % 2, "balanced fences: " + chunk);
      if (i > 0 && i < chunks.size() - 1) {
        assertTrue(chunk.startsWith("```python\nprint("), chunk);
      }
      // Cuts fall between lines of code: every code line is whole.
      chunk.lines().filter(line -> line.startsWith("print")).forEach(line -> assertTrue(line.matches("print\\(\"line \\d+\"\\)"), line));
    }
    assertTrue(chunks.get(chunks.size() - 1).endsWith("```\nDone."));
  }

  @Test
  void inlineTripleBackticksAreNotAFence() {
    String text = "Use ```x``` inline. " + "word ".repeat(30);
    new TextChunker(50).split(text).forEach(chunk -> assertFalse(chunk.endsWith("\n```"), chunk));
  }

  @Test
  void randomTextsKeepEveryPropertyOfTheContract() {
    Random random = new Random(20261102);
    for (int round = 0; round < 500; round++) {
      String text = randomText(random);
      int limit = TextChunker.MIN_LIMIT + random.nextInt(300);
      TextChunker chunker = new TextChunker(limit);
      List<TextChunker.Piece> pieces = chunker.pieces(text);
      int cursor = 0;
      for (TextChunker.Piece piece : pieces) {
        String chunk = piece.render(text);
        String context = "round " + round + ", limit " + limit + ", chunk " + chunk;
        assertTrue(chunk.length() <= limit, context);
        assertTrue(piece.end() > piece.start(), context);
        assertTrue(text.substring(cursor, piece.start()).isBlank(), "only whitespace is dropped: " + context);
        assertTrue(piece.prefix().isEmpty() || piece.prefix().matches("(```|~~~)\\S*\n"), context);
        assertTrue(piece.suffix().isEmpty() || piece.suffix().matches("\n?(```|~~~)"), context);
        assertFalse(Character.isLowSurrogate(text.charAt(piece.start())), "starts inside a pair: " + context);
        assertFalse(Character.isHighSurrogate(text.charAt(piece.end() - 1)), "ends inside a pair: " + context);
        if (piece.end() < text.length() && piece.suffix().isEmpty()) {
          boolean atBoundary = Character.isWhitespace(text.charAt(piece.end()));
          boolean wordTooLong = wordAround(text, piece.end()).length() > limit / 2;
          assertTrue(atBoundary || wordTooLong, "cut inside a short word: " + context);
        }
        cursor = piece.end();
      }
      assertTrue(text.substring(cursor).isBlank(), "round " + round + ": text lost at the end");
      assertEquals(text.strip().isEmpty(), pieces.isEmpty());
    }
  }

  private static String wordAround(String text, int offset) {
    int start = offset;
    while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
      start--;
    }
    int end = offset;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(start, end);
  }

  private static String randomText(Random random) {
    String[] words = {"the", "model", "said", "snake_case", "**bold**", "😀", "naïve", "日本語", "x", "a.b",
        "https://example.com/path?q=1"};
    StringBuilder text = new StringBuilder();
    int parts = 1 + random.nextInt(40);
    for (int p = 0; p < parts; p++) {
      switch (random.nextInt(10)) {
        case 0 -> text.append("\n\n");
        case 1 -> text.append('\n');
        case 2 -> text.append(". ");
        case 3 -> text.append("y".repeat(1 + random.nextInt(200)));
        case 4 -> {
          String fence = random.nextBoolean() ? "```" : "~~~";
          text.append("\n").append(fence).append(random.nextBoolean() ? "java" : "").append('\n');
          for (int line = random.nextInt(12); line > 0; line--) {
            text.append("  ".repeat(random.nextInt(3))).append(words[random.nextInt(words.length)])
                .append(" = ").append(random.nextInt(1000)).append(";\n");
          }
          if (random.nextInt(5) > 0) {
            text.append(fence).append('\n');
          }
        }
        default -> {
          for (int w = random.nextInt(30); w > 0; w--) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(8) == 0 ? "\n" : " ");
          }
        }
      }
    }
    return text.toString();
  }
}

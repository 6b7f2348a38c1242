package dev.switchboard.model;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseDecoderTest {

  private final List<SseEvent> events = new ArrayList<>();
  private final SseDecoder decoder = new SseDecoder(events::add);

  @Test
  void eventsEndAtABlankLine() {
    feed("event: a\ndata: {\"x\":1}\n\nevent: b\ndata: 2\n\n");
    assertEquals(List.of(new SseEvent("a", "{\"x\":1}"), new SseEvent("b", "2")), events);
  }

  @Test
  void crlfLineEndingsAreAccepted() {
    feed("event: a\r\ndata: one\r\n\r\ndata: two\r\n\r\n");
    assertEquals(List.of(new SseEvent("a", "one"), new SseEvent(null, "two")), events);
  }

  @Test
  void severalDataLinesAreJoinedWithNewlines() {
    feed("data: first\ndata:second\ndata:  third\n\n");
    assertEquals(List.of(new SseEvent(null, "first\nsecond\n third")), events);
  }

  @Test
  void commentsIdsAndEmptyEventsAreIgnored() {
    feed(": keep-alive\n\nid: 7\nretry: 100\n\n: ping\ndata: [DONE]\n\n");
    assertEquals(List.of(new SseEvent(null, "[DONE]")), events);
  }

  @Test
  void eventsSplitAcrossChunksAndInsideCharactersAreReassembled() {
    byte[] bytes = "data: caffè ☕\n\ndata: next\n\n".getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      decoder.handle(Buffer.buffer(new byte[] {b}));
    }
    assertEquals(List.of(new SseEvent(null, "caffè ☕"), new SseEvent(null, "next")), events);
  }

  @Test
  void anEventCutOffByTheEndOfTheBodyIsNotDispatched() {
    feed("data: whole\n\ndata: cut");
    assertEquals(List.of(new SseEvent(null, "whole")), events);
  }

  @Test
  void lineEndsAreFoundAtEveryOffsetOfTheWordScan() {
    // Every length up to three words, a newline at every position, and bytes that differ from '\n'
    // by one bit or are negative: the eight-byte scan must agree with a byte-by-byte one.
    byte[] fillers = {'\n' ^ 1, (byte) ('\n' ^ 0x80), (byte) 0x8A, 0x0B, 0x09, 0};
    for (int length = 0; length <= 24; length++) {
      for (int newline = -1; newline < length; newline++) {
        for (byte filler : fillers) {
          byte[] bytes = new byte[length];
          Arrays.fill(bytes, filler);
          if (newline >= 0) {
            bytes[newline] = '\n';
          }
          for (int from = 0; from <= length; from++) {
            int expected = newline >= from ? newline : -1;
            assertEquals(expected, SseDecoder.nextLineEnd(bytes, from), "length " + length + ", newline at " + newline + ", from " + from);
          }
        }
      }
    }
  }

  private void feed(String text) {
    decoder.handle(Buffer.buffer(text));
  }
}

package dev.switchboard.media;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class MediaSnifferTest {

  @Test
  void realFilesAreRecognisedFromTheirBytes() {
    assertEquals(MediaSniffer.PNG, MediaSniffer.sniff(MediaSamples.png()));
    assertEquals(MediaSniffer.GIF, MediaSniffer.sniff(MediaSamples.gif()));
    assertEquals(MediaSniffer.PDF, MediaSniffer.sniff(MediaSamples.pdf("Hello")));
    assertEquals(MediaSniffer.OGG, MediaSniffer.sniff(MediaSamples.ogg()));
  }

  @Test
  void aFileNamedAnImageButHoldingSomethingElseIsNotOne() {
    assertNull(MediaSniffer.sniff(Buffer.buffer("<!DOCTYPE html><html>sign in</html>")));
    assertFalse(MediaSniffer.isModelImage(MediaSniffer.sniff(MediaSamples.pdf("not an image"))));
    assertFalse(MediaSniffer.isModelImage(MediaSniffer.GIF), "GIF is not taken by every vision API");
  }

  @Test
  void textIsUtf8WithoutNulBytes() {
    assertTrue(MediaSniffer.isText(Buffer.buffer("name,city\nJürgen,München\n", StandardCharsets.UTF_8.name())));
    assertFalse(MediaSniffer.isText(Buffer.buffer(new byte[] {'a', 0, 'b'})));
    assertFalse(MediaSniffer.isText(Buffer.buffer(new byte[] {(byte) 0xC3, (byte) 0x28})), "invalid UTF-8");
  }

  @Test
  void typesAreComparedByEssence() {
    assertEquals("audio/ogg", MediaSniffer.essence("Audio/OGG; codecs=opus"));
    assertEquals("ogg", MediaSniffer.audioExtension(MediaSniffer.sniff(MediaSamples.ogg())));
  }
}

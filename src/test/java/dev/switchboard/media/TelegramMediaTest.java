package dev.switchboard.media;

import dev.switchboard.fakes.FakeTranscriptionServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Telegram voice notes, documents, stickers and contacts. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelegramMediaTest {

  private static final String PROVIDERS = """
      local: { baseUrl: "{model}", apiKey: "lm", api: "anthropic-messages",
               models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] },
      whisper: { baseUrl: "{whisper}", apiKey: "%s", models: [{ id: "whisper-1" }] },
      """.formatted(MediaBridge.WHISPER_KEY);

  @TempDir
  Path dir;
  private MediaBridge bridge;

  @BeforeEach
  void fakes(Vertx vertx) {
    bridge = MediaBridge.fakes(vertx);
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  private void start(String toolsMedia) {
    bridge.start(dir, PROVIDERS, "primary: \"local/fake-model\"", toolsMedia);
  }

  private String userText(int request) {
    JsonArray messages = bridge.model.requests().get(request).body().getJsonArray("messages");
    return messages.getJsonObject(messages.size() - 1).getString("content");
  }

  @Test
  @DisplayName("a voice note is fetched with getFile and the token URL, then transcribed in the configured language")
  void aVoiceNote() {
    bridge.telegram.file("voice-1", "voice/file_7.oga", MediaSamples.ogg());
    bridge.whisper.always(new FakeTranscriptionServer.Transcript("Ciao, siete aperti?"));
    bridge.model.reply("Sì.");
    start("audio: { language: \"it\", models: [{ provider: \"whisper\", model: \"whisper-1\" }] }");

    bridge.telegram(new JsonObject().put("voice", new JsonObject().put("file_id", "voice-1")
        .put("file_unique_id", "u1").put("duration", 2).put("mime_type", "audio/ogg").put("file_size", 300)));

    assertEquals(List.of("Sì."), bridge.telegramTexts(1));
    assertEquals("[Audio] Transcript: Ciao, siete aperti?", userText(0));
    assertEquals("it", bridge.whisper.requests().get(0).fields().getString("language"));
    assertEquals(List.of("voice/file_7.oga"), bridge.telegram.downloads());
  }

  @Test
  @DisplayName("a file the platform announces above the cap is refused before any download")
  void anAnnouncedSizeAboveTheCap() {
    start("document: { maxBytes: 1048576 }");

    bridge.telegram(new JsonObject().put("caption", "summarise").put("document", new JsonObject()
        .put("file_id", "doc-big").put("file_unique_id", "u2").put("file_name", "big.pdf")
        .put("mime_type", "application/pdf").put("file_size", 5_000_000)));

    List<String> texts = bridge.telegramTexts(2);
    assertTrue(texts.get(0).contains("couldn't read your document (it is larger than 1 MB)"), texts.get(0));
    assertTrue(bridge.telegram.calls("getFile").isEmpty());
    assertEquals("summarise", userText(0));
  }

  @Test
  @DisplayName("a sticker is answered by its emoji, a contact read as text, audio turned off declined")
  void stickersContactsAndDisabledAudio() {
    bridge.model.reply("😊").reply("Saved.");
    start("audio: { enabled: false }");

    bridge.telegram(new JsonObject().put("sticker", new JsonObject().put("file_id", "s").put("file_unique_id", "s")
        .put("type", "regular").put("width", 512).put("height", 512).put("is_animated", false)
        .put("is_video", false).put("emoji", "👍")));
    assertEquals("😊", bridge.telegramTexts(1).get(0));
    assertEquals("[Sticker 👍]", userText(0));

    bridge.telegram(new JsonObject().put("contact", new JsonObject().put("phone_number", "+39 02 1234")
        .put("first_name", "Marco").put("last_name", "Rossi")));
    assertEquals("Saved.", bridge.telegramTexts(2).get(1));
    assertEquals("[Contact] Marco Rossi, +39 02 1234", userText(1));

    bridge.telegram(new JsonObject().put("voice", new JsonObject().put("file_id", "v").put("file_unique_id", "v")
        .put("duration", 1)));
    String note = bridge.telegramTexts(3).get(2);
    assertTrue(note.contains("voice note (voice notes are not read here)"), note);
  }
}

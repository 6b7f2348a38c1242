package dev.switchboard.media;

import dev.switchboard.fakes.FakeTranscriptionServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files shared with the bot in Slack: read with the bot token, or a clear note when the app may not. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlackMediaTest {

  private static final String PROVIDERS = """
      local: { baseUrl: "{model}", apiKey: "lm", api: "openai-completions",
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

  private void start() {
    bridge.start(dir, PROVIDERS, "primary: \"local/fake-model\"",
        "audio: { models: [{ provider: \"whisper\", model: \"whisper-1\" }] }");
  }

  private String userText(int request) {
    var messages = bridge.model.requests().get(request).body().getJsonArray("messages");
    return messages.getJsonObject(messages.size() - 1).getString("content");
  }

  @Test
  @DisplayName("a CSV shared in a DM is downloaded with the bot token and its text answered")
  void aSharedCsvIsRead() {
    Buffer csv = Buffer.buffer("sku,qty\nA-1,3\n", StandardCharsets.UTF_8.name());
    var file = bridge.slack.file("F0CSV", "stock.csv", "text/csv", csv);
    bridge.model.reply("You have 3 of A-1.");
    start();

    assertEquals(200, bridge.slackFileShare(file, "How many A-1?"));

    assertEquals(List.of("You have 3 of A-1."), bridge.slackTexts(1));
    assertEquals(List.of("F0CSV"), bridge.slack.downloads());
    String text = userText(0);
    assertTrue(text.contains("<<<document>>>\nsku,qty\nA-1,3\n<<<end of document>>>\nUser text: How many A-1?"), text);
  }

  @Test
  @DisplayName("an audio clip is transcribed")
  void anAudioClipIsTranscribed() {
    var file = bridge.slack.file("F0AUDIO", "clip.ogg", "audio/ogg", MediaSamples.ogg());
    bridge.whisper.always(new FakeTranscriptionServer.Transcript("Book a table for two"));
    bridge.model.reply("Booked.");
    start();

    bridge.slackFileShare(file, "");

    assertEquals(List.of("Booked."), bridge.slackTexts(1));
    assertEquals("[Audio] Transcript: Book a table for two", userText(0));
    assertEquals(MediaSamples.ogg(), bridge.whisper.requests().get(0).file());
  }

  @Test
  @DisplayName("without files:read Slack sends its sign-in page: refused, and the user told")
  void withoutTheScopeTheUserIsTold() {
    var file = bridge.slack.file("F0PDF", "plan.pdf", "application/pdf", MediaSamples.pdf("Plan"));
    bridge.slack.withoutFilesScope();
    start();

    bridge.slackFileShare(file, "");

    String note = bridge.slackTexts(1).get(0);
    assertTrue(note.contains("couldn't read your file (the bot is not allowed to download files)"), note);
    assertTrue(bridge.model.requests().isEmpty());
  }
}

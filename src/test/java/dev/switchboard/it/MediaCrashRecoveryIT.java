package dev.switchboard.it;

import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeTelegramUpdates;
import dev.switchboard.fakes.FakeTranscriptionServer;
import dev.switchboard.media.MediaSamples;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A voice note acknowledged to Telegram, then the bridge killed while it was being transcribed: the
 * inbox kept the file's reference (not its bytes), so the restarted bridge downloads it again,
 * transcribes it and answers it once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MediaCrashRecoveryIT {

  private static final String TOKEN = "123456:MEDIA-crash";
  private static final String SECRET = "media_crash_Secret";
  private static final long CHAT = 434343;
  private static final int KILLED = 137;

  @TempDir
  Path dir;
  private Vertx vertx;
  private FakeModelServer model;
  private FakeTelegramServer telegram;
  private FakeTranscriptionServer whisper;
  private WebClient http;
  private int port;
  private Path config;

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    model = FakeModelServer.start(vertx).await();
    telegram = FakeTelegramServer.start(vertx, TOKEN).await();
    whisper = FakeTranscriptionServer.start(vertx, "whisper-key", "Are you open after the crash?").await();
    http = WebClient.create(vertx);
    port = FreePort.any();
    config = dir.resolve("switchboard.json5");
    Files.writeString(config, """
        { gateway: { port: %d },
          agents: { defaults: { model: { primary: "lmstudio/fake-model" }, timeoutSeconds: 60 } },
          models: { mode: "merge", providers: {
            lmstudio: { baseUrl: "%s", apiKey: "lmstudio", api: "openai-responses",
                        models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] },
            whisper: { baseUrl: "%s", apiKey: "whisper-key", models: [{ id: "whisper-1" }] } } },
          tools: { media: { audio: { models: [{ provider: "whisper", model: "whisper-1", timeoutSeconds: 60 }] } } },
          channels: { telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", webhookSecret: "${TELEGRAM_WEBHOOK_SECRET}",
                                  apiBaseUrl: "%s", dmPolicy: "open" } },
          session: { store: { path: "%s" } } }
        """.formatted(port, model.baseUrl(), whisper.baseUrl(), telegram.baseUrl(),
        dir.resolve("data/switchboard.db")));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private JarProcess bridge() throws Exception {
    JarProcess bridge = JarProcess.start(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_WEBHOOK_SECRET", SECRET),
        "run", "--config", config.toString());
    bridge.awaitReady();
    return bridge;
  }

  private int postVoiceNote(long updateId) {
    JsonObject voice = new JsonObject().put("file_id", "voice-crash").put("file_unique_id", "vc")
        .put("duration", 2).put("mime_type", "audio/ogg");
    return FakeTelegramUpdates.post(http, port, SECRET,
        FakeTelegramUpdates.privateMessage(updateId, CHAT, new JsonObject().put("voice", voice)));
  }

  @Test
  @DisplayName("killed while transcribing: after the restart the voice note is downloaded again and answered once")
  void aVoiceNoteAcknowledgedBeforeACrashIsReadAgain() throws Exception {
    telegram.file("voice-crash", "voice/file_1.oga", MediaSamples.ogg());
    whisper.next(new FakeTranscriptionServer.Hang());
    model.reply("Yes, until eight.");
    try (JarProcess first = bridge()) {
      assertEquals(200, postVoiceNote(910_001), "acknowledged once journaled, before any download");
      whisper.awaitRequests(1).await();
      assertEquals(KILLED, first.kill(), "killed while the transcriber was still working");
    }
    assertEquals(List.of(), telegram.calls("sendMessage"));
    assertTrue(model.requests().isEmpty());

    try (JarProcess second = bridge()) {
      List<String> sent = telegram.awaitCalls("sendMessage", 1).await().stream()
          .map(call -> call.body().getString("text")).toList();
      assertEquals(List.of("Yes, until eight."), sent);
      assertEquals(List.of("voice/file_1.oga", "voice/file_1.oga"), telegram.downloads(),
          "downloaded again from the kept reference");
      assertEquals(2, whisper.requests().size());
      assertEquals(MediaSamples.ogg(), whisper.requests().get(1).file());
      assertTrue(model.requests().get(0).body().encode().contains("[Audio] Transcript: Are you open after the crash?"));
      assertFalse(second.stderr().contains("\tat "), second.stderr());
      assertTrue(second.terminate());
    }
    assertEquals(1, telegram.calls("sendMessage").size(), "answered once");
  }
}

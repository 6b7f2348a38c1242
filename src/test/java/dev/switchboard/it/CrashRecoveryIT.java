package dev.switchboard.it;

import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeTelegramUpdates;
import dev.switchboard.fakes.FakeTelegramServer.Call;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge killed with SIGKILL at the worst moments, then started again on the same store: the user
 * gets exactly one answer to each message, and Telegram's re-deliveries are not answered again.
 * Telegram and the model are fakes in this JVM; the bridge is the fat jar in its own.
 */
class CrashRecoveryIT {

  private static final String TOKEN = "123456:CRASH-token";
  private static final String SECRET = "crash_Secret-1";
  private static final long CHAT = 424242;
  /** What the kernel reports for a process ended by SIGKILL: 128 + 9. */
  private static final int KILLED = 137;

  @TempDir
  Path dir;
  private Vertx vertx;
  private FakeModelServer model;
  private FakeTelegramServer telegram;
  private WebClient http;
  private int port;
  private Path config;

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    model = FakeModelServer.start(vertx).await();
    telegram = FakeTelegramServer.start(vertx, TOKEN).await();
    http = WebClient.create(vertx);
    port = FreePort.any();
    config = dir.resolve("switchboard.json5");
    Files.writeString(config, """
        // written by CrashRecoveryIT
        { gateway: { port: %d },
          agents: { defaults: { model: { primary: "lmstudio/fake-model" }, timeoutSeconds: 60 } },
          models: { mode: "merge", providers: {
            lmstudio: { baseUrl: "%s", apiKey: "lmstudio", api: "openai-responses", firstTokenTimeoutMs: 60000,
                        models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", webhookSecret: "${TELEGRAM_WEBHOOK_SECRET}",
                                  apiBaseUrl: "%s", dmPolicy: "open" } },
          session: { store: { path: "%s" } } }
        """.formatted(port, model.baseUrl(), telegram.baseUrl(), dir.resolve("data/switchboard.db")));
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

  /** POSTs a private text message as Telegram would; returns the status Telegram got. */
  private int post(long updateId, String text) {
    return FakeTelegramUpdates.post(http, port, SECRET, FakeTelegramUpdates.privateText(updateId, CHAT, text));
  }

  private List<String> sentTexts(int count) {
    return telegram.awaitCalls("sendMessage", count).await().stream()
        .map(call -> call.body().getString("text")).toList();
  }

  @Test
  @DisplayName("killed mid-turn: the acknowledged message is answered once after the restart, its re-delivery never")
  void aMessageAcknowledgedBeforeACrashIsAnsweredOnceAfterTheRestart() throws Exception {
    model.hang().reply("Answer after the crash.").reply("Fresh answer.");
    try (JarProcess first = bridge()) {
      assertEquals(200, post(900_001, "What survives a crash?"), "acknowledged once journaled");
      model.awaitRequests(1).await();
      assertEquals(KILLED, first.kill(), "killed while the model was still thinking");
    }
    assertEquals(List.of(), telegram.calls("sendMessage"), "nothing was answered before the crash");

    try (JarProcess second = bridge()) {
      assertTrue(second.stderr().contains("re-publishing 1 message(s)"), second.stderr());
      assertEquals(List.of("Answer after the crash."), sentTexts(1), "the journaled message is answered");
      assertEquals(200, post(900_001, "What survives a crash?"), "Telegram re-delivers: acknowledged");
      assertEquals(200, post(900_002, "And now?"));
      // Same chat, so the fresh answer comes after anything the re-delivery could have caused.
      assertEquals(List.of("Answer after the crash.", "Fresh answer."), sentTexts(2));
      assertEquals(2, telegram.calls("sendMessage").size(), "one answer per message");
      assertEquals(3, model.requests().size(), "the hung turn, its re-run, the fresh one");
      assertTrue(second.terminate());
    }
  }

  @Test
  @DisplayName("killed while Telegram held the reply: the written chunk is sent once after the restart")
  void aReplyWrittenButNotSentBeforeACrashIsSentOnceAfterTheRestart() throws Exception {
    model.reply("Written before the crash.").reply("Fresh answer.");
    telegram.failNext("sendMessage", FakeTelegramServer.noAnswer());
    try (JarProcess first = bridge()) {
      assertEquals(200, post(900_011, "Will this arrive?"));
      assertEquals(List.of("Written before the crash."), sentTexts(1), "sent, and Telegram never answered");
      assertEquals(KILLED, first.kill());
    }

    try (JarProcess second = bridge()) {
      assertTrue(second.stderr().contains("telegram: sending 1 reply chunk(s) left unsent by the last run"),
          second.stderr());
      assertFalse(second.stderr().contains("re-publishing"), "the answered message is not asked again");
      assertEquals(List.of("Written before the crash.", "Written before the crash."), sentTexts(2),
          "the pending chunk is sent again at start");
      assertEquals(200, post(900_011, "Will this arrive?"), "Telegram re-delivers: acknowledged");
      assertEquals(200, post(900_012, "And now?"));
      List<Call> sent = telegram.awaitCalls("sendMessage", 3).await();
      assertEquals("Fresh answer.", sent.get(2).body().getString("text"));
      assertEquals(3, telegram.calls("sendMessage").size(), "the pending chunk once, nothing else twice");
      assertEquals(2, model.requests().size(), "the written reply was not asked of the model again");
      assertFalse(second.stderr().contains("\tat "), second.stderr());
      assertTrue(second.terminate());
    }
  }
}

package dev.switchboard.it;

import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeSlackEvents;
import dev.switchboard.fakes.FakeSlackServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeTelegramUpdates;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN.md §15: the bridge killed with SIGKILL while a reply is shown as it is written, then started
 * again on the same store. The message is answered again, and the user ends with exactly one complete
 * message: on Slack the preview's own message holds the final text (no second message), on Telegram
 * (whose drafts vanish by themselves) one {@code sendMessage}. Slack, Telegram and the model are fakes
 * in this JVM; the bridge is the fat jar in its own.
 */
@Timeout(120)
class StreamingCrashIT {

  private static final String SIGNING_SECRET = "crash-signing-secret";
  private static final String TELEGRAM_TOKEN = "123456:STREAM-crash";
  private static final String TELEGRAM_SECRET = "stream_Secret-1";
  private static final String DM = "D024BE91L";
  private static final String ANN = "U061F7AUR";
  private static final long TELEGRAM_CHAT = 515151;
  private static final int KILLED = 137;
  private static final List<String> HALF_WRITTEN = List.of("The first words, ", "then a few more, ", "and the end.");
  private static final String WRITTEN_AGAIN = "The whole answer, written again after the crash.";

  @TempDir
  Path dir;
  private Vertx vertx;
  private FakeModelServer model;
  private FakeSlackServer slack;
  private FakeTelegramServer telegram;
  private int port;
  private Path config;

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    model = FakeModelServer.start(vertx).await();
    slack = FakeSlackServer.start(vertx).await();
    telegram = FakeTelegramServer.start(vertx, TELEGRAM_TOKEN).await();
    port = FreePort.any();
    config = dir.resolve("switchboard.json5");
    Files.writeString(config, """
        // written by StreamingCrashIT
        { gateway: { port: %d },
          agents: { defaults: { model: { primary: "lmstudio/fake-model" }, timeoutSeconds: 60 } },
          models: { mode: "merge", providers: {
            lmstudio: { baseUrl: "%s", apiKey: "lmstudio", api: "openai-responses", firstTokenTimeoutMs: 60000,
                        models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          streaming: { minIntervalMs: 100 },
          channels: {
            slack: { botToken: "%s", signingSecret: "%s", apiBaseUrl: "%s", dmPolicy: "open", streaming: true },
            telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", webhookSecret: "${TELEGRAM_WEBHOOK_SECRET}",
                        apiBaseUrl: "%s", dmPolicy: "open", streaming: true } },
          session: { store: { path: "%s" } } }
        """.formatted(port, model.baseUrl(), FakeSlackServer.TOKEN, SIGNING_SECRET, slack.apiBaseUrl(),
        telegram.baseUrl(), dir.resolve("data/switchboard.db")));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private JarProcess bridge() throws Exception {
    JarProcess bridge = JarProcess.start(Map.of("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN,
        "TELEGRAM_WEBHOOK_SECRET", TELEGRAM_SECRET), "run", "--config", config.toString());
    bridge.awaitReady();
    return bridge;
  }

  @Test
  @DisplayName("Slack: killed while a reply streamed, the reply written again lands in that same message")
  void aSlackStreamCutByACrashIsFinishedInPlaceAfterTheRestart() throws Exception {
    Promise<Void> morePlease = Promise.promise();
    model.next(FakeModelBehaviour.stillWritingAfter(HALF_WRITTEN, 1, morePlease.future())).reply(WRITTEN_AGAIN);
    FakeSlackEvents events = new FakeSlackEvents(vertx, "127.0.0.1", port, "/webhooks/slack", SIGNING_SECRET, 0);
    try (JarProcess first = bridge()) {
      assertEquals(200, events.deliver(dmInThread("Ev0CRASH01")).await().get(0).status());
      JsonObject started = slack.awaitRequests("chat.startStream", 1).await().get(0).params();
      assertEquals(DM, started.getString("channel"), "a DM reply in a thread is a native stream");
      morePlease.complete();
      // The second preview is only sent once the first was answered, and so kept.
      slack.awaitRequests("chat.appendStream", 1).await();
      assertEquals(KILLED, first.kill(), "killed while the model was still writing");
    }
    assertEquals(1, slack.visibleMessages().size());
    String streamed = slack.visibleMessages().keySet().iterator().next();
    assertEquals("The first words, then a few more,", slack.visibleMessages().get(streamed), "a half-written reply");

    try (JarProcess second = bridge()) {
      assertTrue(second.stderr().contains("re-publishing 1 message(s)"), second.stderr());
      awaitSlackEditTo(WRITTEN_AGAIN);
      assertEquals(Map.of(streamed, WRITTEN_AGAIN), slack.visibleMessages(), "one message, with the whole answer");
      assertEquals(List.of(), slack.requests("chat.postMessage"), "no second message");
      assertEquals(1, slack.requests("chat.startStream").size(), "no second stream");
      assertTrue(slack.requests("chat.update").stream().allMatch(edit -> streamed.equals(edit.params().getString("ts"))));
      assertTrue(second.terminate());
    }
  }

  @Test
  @DisplayName("Telegram: killed while a draft was shown, the reply written again is sent once")
  void aTelegramDraftCutByACrashEndsInOneMessage() throws Exception {
    Promise<Void> morePlease = Promise.promise();
    model.next(FakeModelBehaviour.stillWritingAfter(HALF_WRITTEN, 1, morePlease.future())).reply(WRITTEN_AGAIN)
        .reply("Fresh answer.");
    WebClient http = WebClient.create(vertx);
    try (JarProcess first = bridge()) {
      assertEquals(200, postTelegram(http, 700_001, "Tell me everything."));
      telegram.awaitCalls("sendMessageDraft", 1).await();
      morePlease.complete();
      telegram.awaitCalls("sendMessageDraft", 2).await();
      assertEquals(KILLED, first.kill());
    }
    assertEquals(List.of(), telegram.calls("sendMessage"));

    try (JarProcess second = bridge()) {
      assertEquals(200, postTelegram(http, 700_002, "And now?"));
      // Same chat: the fresh answer is sent after anything the replayed message caused.
      List<String> sent = telegram.awaitCalls("sendMessage", 2).await().stream()
          .map(call -> call.body().getString("text")).toList();
      assertEquals(List.of(WRITTEN_AGAIN, "Fresh answer."), sent);
      assertEquals(2, telegram.calls("sendMessage").size(), "one message per answer, no draft made a message");
      assertTrue(second.terminate());
    }
  }

  /** A direct message inside a thread, sent now. */
  private static JsonObject dmInThread(String eventId) {
    long now = System.currentTimeMillis() / 1000;
    String ts = now + ".000300";
    return new JsonObject().put("token", "XXYYZZ").put("team_id", FakeSlackServer.TEAM_ID).put("type", "event_callback")
        .put("event_id", eventId).put("event_time", now)
        .put("authorizations", new JsonArray().add(new JsonObject().put("team_id", FakeSlackServer.TEAM_ID)
            .put("user_id", FakeSlackServer.BOT_USER_ID).put("is_bot", true)))
        .put("event", new JsonObject().put("type", "message").put("channel_type", "im").put("channel", DM)
            .put("user", ANN).put("text", "Tell me everything.").put("ts", ts).put("event_ts", ts)
            .put("thread_ts", now - 60 + ".000100").put("team", FakeSlackServer.TEAM_ID));
  }

  private int postTelegram(WebClient http, long updateId, String text) {
    return FakeTelegramUpdates.post(http, port, TELEGRAM_SECRET,
        FakeTelegramUpdates.privateText(updateId, TELEGRAM_CHAT, text));
  }

  /** Waits for the {@code chat.update} that sets {@code text}. */
  private void awaitSlackEditTo(String text) {
    for (int count = 1; ; count++) {
      List<FakeSlackServer.Request> edits = slack.awaitRequests("chat.update", count).await();
      if (text.equals(edits.get(count - 1).params().getString("text"))) {
        return;
      }
    }
  }
}

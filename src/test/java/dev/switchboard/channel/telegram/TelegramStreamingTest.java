package dev.switchboard.channel.telegram;

import dev.switchboard.app.MainVerticle;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code channels.telegram.streaming: true} through the whole bridge: a private chat sees
 * {@code sendMessageDraft} previews while the model writes, then exactly one {@code sendMessage}
 * with the whole reply; reasoning never shows, not even in a draft; and a bridge stopped mid-stream
 * answers the message once, whole, at its next start.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class TelegramStreamingTest {

  private static final String TOKEN = "123456:STREAM-token";
  private static final long ANN = 111_222_333L;
  private static final List<String> PIECES = List.of("<think>the user wants", " a greeting</th", "ink>Hel", "lo <th",
      "ink>no</think>wor", "ld", "!");

  @TempDir
  Path dir;

  private Vertx vertx;
  private FakeModelServer model;
  private FakeTelegramServer telegram;
  private WebClient http;

  @BeforeEach
  void fakes(Vertx vertx) {
    this.vertx = vertx;
    model = FakeModelServer.start(vertx).await();
    telegram = FakeTelegramServer.start(vertx, TOKEN).await();
    http = WebClient.create(vertx);
  }

  @AfterEach
  void close() {
    model.close().await();
    telegram.close().await();
  }

  private SwitchboardConfig config() {
    return ConfigLoader.parse("test", """
        { gateway: { port: 0 },
          agents: { defaults: { model: { primary: "local/fake-model" }, timeoutSeconds: 20 } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", apiKey: "k", api: "openai-completions",
                     models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { telegram: { botToken: "%s", webhookSecret: "secret", apiBaseUrl: "%s", dmPolicy: "open",
                                  streaming: true } },
          streaming: { minIntervalMs: 100 },
          session: { store: { path: "%s" } } }
        """.formatted(model.baseUrl(), TOKEN, telegram.baseUrl(), dir.resolve("sb.db")),
        Map.of());
  }

  private void send(MainVerticle bridge, String text) {
    JsonObject update = new JsonObject().put("update_id", 1).put("message", new JsonObject().put("message_id", 5)
        .put("from", new JsonObject().put("id", ANN).put("is_bot", false).put("first_name", "Ann"))
        .put("chat", new JsonObject().put("id", ANN).put("type", "private").put("first_name", "Ann"))
        .put("date", System.currentTimeMillis() / 1000).put("text", text));
    int status = http.post(bridge.port(), "127.0.0.1", "/webhooks/telegram")
        .putHeader("X-Telegram-Bot-Api-Secret-Token", "secret").sendJsonObject(update).await().statusCode();
    assertEquals(200, status);
  }

  @Test
  void draftsWhileTheModelWritesThenOneFinalMessage() {
    MainVerticle bridge = new MainVerticle(config());
    vertx.deployVerticle(bridge).await();
    Promise<Void> release = Promise.promise();
    model.next(FakeModelBehaviour.holdAfterPieces(PIECES, 4, release.future()));
    send(bridge, "Hi");

    FakeTelegramServer.Call draft = draftShowing("Hello");
    assertEquals(ANN, draft.body().getLong("chat_id"));
    assertNotEquals(0L, draft.body().getLong("draft_id"));
    BotApiSpec.loadIfPresent().ifPresent(spec ->
        assertEquals(List.of(), spec.violationsOfMethod("sendMessageDraft", draft.body())));
    assertTrue(telegram.calls("sendMessage").isEmpty(), "no message while the model writes");

    vertx.runOnContext(go -> release.complete());
    FakeTelegramServer.Call sent = telegram.awaitCalls("sendMessage", 1).await().get(0);
    assertEquals("Hello world!", sent.body().getString("text"));
    for (FakeTelegramServer.Call call : telegram.calls()) {
      assertFalse(call.body().encode().contains("user wants"), "reasoning in " + call);
      if (call.method().equals("sendMessageDraft")) {
        assertTrue(call.receivedAtNanos() < sent.receivedAtNanos(), "no draft after the final message");
        assertEquals(draft.body().getLong("draft_id"), call.body().getLong("draft_id"), "one draft, updated");
      }
    }
  }

  /** Waits for the drafts, throttled, to catch up with {@code text} (the text so far only grows). */
  private FakeTelegramServer.Call draftShowing(String text) {
    for (int count = 1; ; count++) {
      FakeTelegramServer.Call draft = telegram.awaitCalls("sendMessageDraft", count).await().get(count - 1);
      String shown = draft.body().getString("text");
      assertTrue(text.startsWith(shown), "a draft shows the reply so far: " + shown);
      if (shown.equals(text)) {
        return draft;
      }
    }
  }

  @Test
  void aModelThatBreaksOffLeavesOneMessageTheApology() {
    MainVerticle bridge = new MainVerticle(config());
    vertx.deployVerticle(bridge).await();
    model.next(FakeModelBehaviour.breakAfterPieces(PIECES, 4));
    send(bridge, "Hi");
    telegram.awaitCalls("sendMessageDraft", 1).await();
    FakeTelegramServer.Call sent = telegram.awaitCalls("sendMessage", 1).await().get(0);
    assertFalse(sent.body().getString("text").contains("Hello"), "not the half answer: " + sent.body());
    assertEquals(1, model.requests().size(), "no second model, no retry after the text began");
  }

  @Test
  void aBridgeStoppedMidStreamAnswersOnceWholeAtItsNextStart() {
    MainVerticle running = new MainVerticle(config());
    String first = vertx.deployVerticle(running).await();
    model.next(FakeModelBehaviour.holdAfterPieces(PIECES, 4, Promise.<Void>promise().future()));
    send(running, "Hi");
    telegram.awaitCalls("sendMessageDraft", 1).await();
    vertx.undeploy(first).await();
    assertTrue(telegram.calls("sendMessage").isEmpty());

    model.next(FakeModelBehaviour.replyInPieces(PIECES));
    vertx.deployVerticle(new MainVerticle(config())).await();
    FakeTelegramServer.Call sent = telegram.awaitCalls("sendMessage", 1).await().get(0);
    assertEquals("Hello world!", sent.body().getString("text"));
    assertEquals(1, telegram.calls("sendMessage").size());
  }
}

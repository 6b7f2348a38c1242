package dev.switchboard.it;

import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeTelegramUpdates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One node on SQLite stopped with SIGTERM while the model is still writing a reply (DESIGN.md §10.2):
 * {@code /readyz} turns 503 at once, a webhook arriving meanwhile is still accepted, the reply in flight
 * reaches the user before the process exits with 0, and the model is asked once. With a drain too short
 * for the model, the process still exits with 0 in bounded time and the message is answered once after
 * the restart; a second SIGTERM ends a long drain at once. Telegram and the model are fakes in this JVM; the bridge is the fat jar in its own.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GracefulStopIT {

  private static final String TOKEN = "123456:DRAIN-token";
  private static final String SECRET = "drain_Secret-1";
  private static final long CHAT = 515151;
  private static final long OTHER_CHAT = 515152;
  private static final long MODEL_DELAY_MS = 6_000;
  private static final String API_TOKEN = "drain-api-token";

  @TempDir
  Path dir;
  private Vertx vertx;
  private FakeModelServer model;
  private FakeTelegramServer telegram;
  private WebClient http;
  private int port;

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    model = FakeModelServer.start(vertx).await();
    telegram = FakeTelegramServer.start(vertx, TOKEN).await();
    http = WebClient.create(vertx);
    port = FreePort.any();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private Path config(int drainSeconds) throws IOException {
    Path config = dir.resolve("switchboard-" + drainSeconds + ".json5");
    Files.writeString(config, """
        // written by GracefulStopIT
        { gateway: { port: %d, drainSeconds: %d },
          agents: { defaults: { model: { primary: "lmstudio/fake-model" }, timeoutSeconds: 60 } },
          models: { mode: "merge", providers: {
            lmstudio: { baseUrl: "%s", apiKey: "lmstudio", api: "openai-responses", firstTokenTimeoutMs: 60000,
                        models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", webhookSecret: "${TELEGRAM_WEBHOOK_SECRET}",
                                  apiBaseUrl: "%s", dmPolicy: "open" },
                      http: { token: "%s" } },
          session: { store: { path: "%s" } } }
        """.formatted(port, drainSeconds, model.baseUrl(), telegram.baseUrl(), API_TOKEN, dir.resolve("data/switchboard.db")));
    return config;
  }

  private JarProcess bridge(Path config) throws Exception {
    JarProcess bridge = JarProcess.start(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_WEBHOOK_SECRET", SECRET),
        "run", "--config", config.toString());
    bridge.awaitReady();
    return bridge;
  }

  /** POSTs a private text message as Telegram would; returns the status Telegram got. */
  private int post(long updateId, String text) {
    return post(updateId, CHAT, text);
  }

  private int post(long updateId, long chat, String text) {
    return FakeTelegramUpdates.post(http, port, SECRET, FakeTelegramUpdates.privateText(updateId, chat, text));
  }

  private List<String> sentTexts() {
    return telegram.calls("sendMessage").stream().map(call -> call.body().getString("text")).toList();
  }

  private long asked(String text) {
    return model.requests().stream().filter(request -> request.body().encode().contains(text)).count();
  }

  @Test
  @DisplayName("SIGTERM mid-turn: /readyz 503 at once, the reply and a /v1 answer in flight reach their clients, exit 0, the model asked once")
  void aTurnInFlightAtSigtermIsAnsweredOnceBeforeTheProcessExits() throws Exception {
    model.next(FakeModelBehaviour.slowFirstToken(MODEL_DELAY_MS, "Answered while draining."))
        .next(FakeModelBehaviour.slowFirstToken(MODEL_DELAY_MS + 2_000, "Answered over the API while draining."))
        .next(FakeModelBehaviour.reply("Answered after the restart."));
    Path config = config(20);
    try (JarProcess first = bridge(config)) {
      assertEquals(200, post(910_001, "Are you still there?"));
      model.awaitRequests(1).await();
      Future<HttpResponse<Buffer>> api = http.post(port, "127.0.0.1", "/v1/responses").bearerTokenAuthentication(API_TOKEN)
          .sendJsonObject(new JsonObject().put("model", "switchboard").put("input", "Still open?"));
      model.awaitRequests(2).await();

      long signalled = System.nanoTime();
      first.signalTerm();
      first.awaitLog("draining: /readyz answers 503");
      HttpResponse<Buffer> ready = http.get(port, "127.0.0.1", "/readyz").send().await();
      assertEquals(503, ready.statusCode(), "a balancer stops sending");
      assertEquals("draining", ready.bodyAsJsonObject().getString("status"));
      assertEquals(200, post(910_002, OTHER_CHAT, "One more thing."), "a webhook during the drain is accepted (journaled)");

      assertEquals(0, first.awaitExit(60), first.stderr());
      long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      assertEquals(List.of("Answered while draining."), sentTexts(), "the turn in flight was answered before the exit");
      assertTrue(exitMs < MODEL_DELAY_MS + 15_000, "exited " + exitMs + " ms after SIGTERM");
      assertTrue(first.stderr().contains("drained: the turns that were running here are answered"), first.stderr());
      HttpResponse<Buffer> answer = api.await();
      assertEquals(200, answer.statusCode(), "the /v1 client got its answer, not a cut connection");
      assertEquals("Answered over the API while draining.", answer.bodyAsJsonObject().getJsonArray("output")
          .getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("text"));
    }

    try (JarProcess second = bridge(config)) {
      telegram.awaitCalls("sendMessage", 2).await();
      assertEquals(List.of("Answered while draining.", "Answered after the restart."), sentTexts(),
          "the message accepted during the drain is answered after the restart");
      assertEquals(1, asked("Are you still there?"), "the model was asked once for the drained turn");
      assertEquals(1, asked("One more thing."));
      assertEquals(0, exitOnTerm(second));
    }
  }

  @Test
  @DisplayName("a drain shorter than the turn: exit 0 in bounded time, the message answered once after the restart")
  void aDrainThatRunsOutExitsInTimeAndTheTurnIsAnsweredAfterTheRestart() throws Exception {
    model.next(FakeModelBehaviour.hang()).next(FakeModelBehaviour.reply("Answered after the restart."));
    Path config = config(1);
    try (JarProcess first = bridge(config)) {
      assertEquals(200, post(920_001, "Will you drop me?"));
      model.awaitRequests(1).await();
      long signalled = System.nanoTime();
      first.signalTerm();
      assertEquals(0, first.awaitExit(60), first.stderr());
      long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      assertTrue(exitMs < 15_000, "exited " + exitMs + " ms after SIGTERM with a 1 s drain");
      assertTrue(first.stderr().contains("draining: not finished within 1 s"), first.stderr() + "\nSTDOUT\n" + first.stdout());
    }
    assertEquals(List.of(), sentTexts(), "nothing was answered by the stopped node");

    try (JarProcess second = bridge(config)) {
      assertEquals(List.of("Answered after the restart."), telegram.awaitCalls("sendMessage", 1).await().stream()
          .map(call -> call.body().getString("text")).toList());
      assertEquals(0, exitOnTerm(second));
      assertEquals(1, sentTexts().size(), "answered once");
    }
  }

  @Test
  @DisplayName("a second SIGTERM stops waiting for a long drain: exit 0 at once")
  void aSecondSigtermStopsWaitingForTheDrain() throws Exception {
    model.next(FakeModelBehaviour.hang());
    try (JarProcess bridge = bridge(config(600))) {
      assertEquals(200, post(930_001, "Take your time."));
      model.awaitRequests(1).await();
      bridge.signalTerm();
      bridge.awaitLog("waiting up to 600 s");
      long again = System.nanoTime();
      bridge.signalTerm();
      assertEquals(0, bridge.awaitExit(60), bridge.stderr());
      long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again);
      assertTrue(exitMs < 15_000, "exited " + exitMs + " ms after the second SIGTERM");
      assertTrue(bridge.stderr().contains("SIGTERM again: not waiting for the drain any longer"), bridge.stderr());
    }
  }

  private static int exitOnTerm(JarProcess bridge) throws InterruptedException {
    bridge.signalTerm();
    return bridge.awaitExit(60);
  }
}

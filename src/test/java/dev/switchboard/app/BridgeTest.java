package dev.switchboard.app;

import dev.switchboard.fakes.ClosedPort;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelRequest;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole bridge in one JVM — gateway, OpenAI API, router, chain, adapters — against fake model
 * servers: what an HTTP client or another verticle sees.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class BridgeTest {

  private static final String TOKEN = "test-token";

  private Vertx vertx;
  private FakeModelServer primary;
  private FakeModelServer backup;
  private WebClient client;
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();

  @TempDir
  Path storeDir;

  @BeforeEach
  void fakes(Vertx vertx) {
    this.vertx = vertx;
    primary = FakeModelServer.start(vertx).await();
    backup = FakeModelServer.start(vertx).await();
    backup.always(FakeModelBehaviour.reply("Answer from the backup."));
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, message -> events.add(message.body()));
  }

  @AfterEach
  void close() {
    primary.close().await();
    backup.close().await();
  }

  private void startBridge(String primaryBaseUrl) {
    SwitchboardConfig config = ConfigLoader.parse("test", """
        { gateway: { port: 0 },
          agents: { defaults: {
            model: { primary: "local/fake-model", fallbacks: ["backup/fake-model"] },
            models: { "local/fake-model": { alias: "Local" } },
            systemPrompt: "Be kind.", timeoutSeconds: 10 } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", apiKey: "lm", api: "openai-responses",
                     connectTimeoutMs: 500, firstTokenTimeoutMs: 1500, idleTimeoutMs: 1500,
                     models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] },
            backup: { baseUrl: "%s", apiKey: "sk-ant", api: "anthropic-messages",
                      models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { http: { token: "%s" } },
          session: { store: { path: "%s" } } }
        """.formatted(primaryBaseUrl, backup.baseUrl(), TOKEN, storeDir.resolve("switchboard.db")), Map.of());
    MainVerticle main = new MainVerticle(config);
    vertx.deployVerticle(main).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(main.port()));
  }

  private HttpResponse<Buffer> respond(String input) {
    return client.post("/v1/responses").bearerTokenAuthentication(TOKEN)
        .sendJsonObject(new JsonObject().put("model", "switchboard").put("input", input)).await();
  }

  private static String outputText(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("output").getJsonObject(0).getJsonArray("content")
        .getJsonObject(0).getString("text");
  }

  @Test
  @DisplayName("a healthy primary answers, with final text only and the system prompt sent")
  void healthyPrimaryAnswers() {
    startBridge(primary.baseUrl());
    HttpResponse<Buffer> response = respond("Hi");
    assertEquals(200, response.statusCode());
    assertEquals(FakeModelServer.DEFAULT_REPLY, outputText(response));
    assertEquals("local/fake-model", response.bodyAsJsonObject().getString("model"));
    assertFalse(response.bodyAsString().contains(FakeModelBehaviour.REASONING));
    assertEquals("Be kind.", primary.requests().get(0).body().getString("instructions"));
    assertTrue(backup.requests().isEmpty());
  }

  @Test
  @DisplayName("think tags in a local model's text never reach the client")
  void thinkTagsAreStripped() {
    startBridge(primary.baseUrl());
    primary.replyWithThinkTags("let me think about the user", "The answer is 4.");
    HttpResponse<Buffer> response = respond("2+2?");
    assertEquals("The answer is 4.", outputText(response));
    assertFalse(response.bodyAsString().contains("let me think"));
  }

  @Test
  @DisplayName("a dead primary fails over at once, then its open breaker skips it without a call")
  void deadPrimaryFailsOverThenIsSkipped() {
    startBridge("http://127.0.0.1:" + ClosedPort.number() + "/v1");
    HttpResponse<Buffer> first = respond("Hi");
    assertEquals(200, first.statusCode());
    assertEquals("Answer from the backup.", outputText(first));
    assertEquals("local/fake-model", first.getHeader("X-Switchboard-Fallback-From"));

    HttpResponse<Buffer> ready = client.get("/readyz").send().await();
    assertEquals(200, ready.statusCode());
    JsonObject local = ready.bodyAsJsonObject().getJsonArray("models").getJsonObject(0);
    assertEquals("local/fake-model", local.getString("model"));
    assertEquals("open", local.getString("state"));

    assertEquals("Answer from the backup.", outputText(respond("Again")));
    String metrics = client.get("/metrics").send().await().bodyAsString();
    assertTrue(metrics.contains("switchboard_model_calls_total{model=\"local/fake-model\",outcome=\"connection\"} 1"),
        metrics);
    assertTrue(events.stream().anyMatch(e -> "failover".equals(e.getString("type"))
        && "local/fake-model".equals(e.getString("from")) && "backup/fake-model".equals(e.getString("to"))), events.toString());
  }

  @Test
  @DisplayName("when every model fails the client gets a 503 in OpenAI's error shape, and /readyz says not ready")
  void everyModelDown() {
    startBridge(primary.baseUrl());
    primary.always(FakeModelBehaviour.fail(503));
    backup.always(FakeModelBehaviour.unauthorized());
    HttpResponse<Buffer> response = respond("Hi");
    assertEquals(503, response.statusCode());
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals("all_models_failed", error.getString("code"));
    assertFalse(response.bodyAsString().contains("Exception"));
  }

  @Test
  @DisplayName("another verticle keeps a conversation over the event bus: the history goes to the model")
  void askOverTheBusKeepsHistory() {
    startBridge(primary.baseUrl());
    AskReply first = AskReply.fromJson(vertx.eventBus().<JsonObject>request(Addresses.ASK,
        AskRequest.text("billing:42", "My name is Ada.").toJson()).await().body());
    assertEquals(FakeModelServer.DEFAULT_REPLY, first.text());
    assertNull(first.fallbackFrom());
    vertx.eventBus().request(Addresses.ASK, AskRequest.text("billing:42", "What is my name?").toJson()).await();

    FakeModelRequest second = primary.requests().get(1);
    JsonArray input = second.body().getJsonArray("input");
    assertEquals(3, input.size());
    assertEquals("assistant", input.getJsonObject(1).getString("role"));
    assertEquals(FakeModelServer.DEFAULT_REPLY, input.getJsonObject(1).getString("content"));
  }

  @Test
  @DisplayName("an explicit model by alias is strict: it does not fall back")
  void explicitModelIsStrict() {
    startBridge(primary.baseUrl());
    primary.always(FakeModelBehaviour.fail(500));
    HttpResponse<Buffer> response = client.post("/v1/chat/completions").bearerTokenAuthentication(TOKEN)
        .sendJsonObject(new JsonObject().put("model", "Local").put("messages", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "Hi")))).await();
    assertEquals(503, response.statusCode());
    assertTrue(backup.requests().isEmpty());
  }

  @Test
  @DisplayName("health answers; the API refuses a request without the token")
  void healthAndAuth() {
    startBridge(primary.baseUrl());
    assertEquals(200, client.get("/healthz").send().await().statusCode());
    assertEquals(401, client.post("/v1/responses").sendJsonObject(new JsonObject().put("input", "x")).await()
        .statusCode());
    assertTrue(primary.requests().isEmpty());
  }
}

package dev.switchboard.app;

import dev.switchboard.fakes.ClosedPort;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Future;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider with several servers of one model ({@code baseUrls}), against real fake model servers:
 * a dead server is found once and the others answer, the least busy server gets the next request,
 * a full server makes requests wait (bounded) and the next model answers only when no server can,
 * and {@code /readyz} shows each server. Two gateway instances, whatever the machine's cores: each
 * answers {@code /v1} with a chain of its own, and the limits and breakers must hold for the node.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SeveralServersTest {

  private static final String BACKUP_TEXT = "Answer from the backup model.";

  private final List<FakeModelServer> servers = new ArrayList<>();
  private Vertx vertx;
  private FakeModelServer backup;
  private WebClient client;
  @TempDir
  Path dir;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    backup = server().always(FakeModelBehaviour.reply(BACKUP_TEXT));
  }

  @AfterEach
  void close() {
    servers.forEach(server -> server.close().await());
  }

  private FakeModelServer server() {
    FakeModelServer server = FakeModelServer.start(vertx).await();
    servers.add(server);
    return server;
  }

  private void startBridge(String providerKeys, String... baseUrls) {
    JsonArray urls = new JsonArray(List.of(baseUrls));
    SwitchboardConfig config = ConfigLoader.parse("test", """
        { gateway: { port: 0, instances: 2 },
          agents: { defaults: { model: { primary: "gpu/fake-model", fallbacks: ["backup/fake-model"] },
                                timeoutSeconds: 20 } },
          models: { mode: "replace", providers: {
            gpu: { baseUrls: %s, api: "openai-responses", connectTimeoutMs: 500, %s
                   models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] },
            backup: { baseUrl: "%s", api: "openai-responses",
                      models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { http: { enabled: true } },
          session: { store: { path: "%s" } } }
        """.formatted(urls.encode(), providerKeys, backup.baseUrl(), dir.resolve("switchboard.db")), Map.of());
    MainVerticle bridge = new MainVerticle(config);
    vertx.deployVerticle(bridge).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(bridge.port()));
  }

  private Future<HttpResponse<Buffer>> ask(String text) {
    return client.post("/v1/responses").sendJsonObject(new JsonObject().put("input", text));
  }

  private static String text(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("output").getJsonObject(0).getJsonArray("content")
        .getJsonObject(0).getString("text");
  }

  private JsonArray readyServers() {
    JsonObject ready = client.get("/readyz").send().await().bodyAsJsonObject();
    return ready.getJsonArray("models").getJsonObject(0).getJsonArray("servers");
  }

  @Test
  void aDeadServerIsFoundOnceAndTheOtherServersShareTheTurnsWithoutTheNextModel() {
    String dead = "http://127.0.0.1:" + ClosedPort.number() + "/v1";
    FakeModelServer first = server();
    FakeModelServer second = server();
    startBridge("", dead, first.baseUrl(), second.baseUrl());

    for (int i = 0; i < 6; i++) {
      HttpResponse<Buffer> answer = ask("turn " + i).await();
      assertEquals(200, answer.statusCode());
      assertEquals(FakeModelServer.DEFAULT_REPLY, text(answer));
      assertEquals("gpu/fake-model", answer.bodyAsJsonObject().getString("model"));
    }
    assertEquals(0, backup.requests().size(), "the next model is not needed while a server answers");
    assertEquals(6, first.requests().size() + second.requests().size());
    assertTrue(first.requests().size() >= 2 && second.requests().size() >= 2,
        "idle servers take turns: " + first.requests().size() + " / " + second.requests().size());

    JsonArray shown = readyServers();
    assertEquals(3, shown.size());
    assertEquals(dead, shown.getJsonObject(0).getString("url"));
    assertEquals("open", shown.getJsonObject(0).getString("breaker"));
    assertTrue(shown.getJsonObject(0).getString("lastError").startsWith("connection"), shown.encode());
    assertEquals("closed", shown.getJsonObject(1).getString("breaker"));
    assertEquals(0, shown.getJsonObject(1).getInteger("inFlight"));
    assertEquals(ProviderConfig.DEFAULT_MAX_CONNECTIONS, shown.getJsonObject(2).getInteger("maxConnections"));

    String status = vertx.eventBus().<JsonObject>request(Addresses.ASK,
        new JsonObject().put("session", "ops").put("text", "/status")).await().body().getString("text");
    assertTrue(status.contains("   - " + dead + ": open, 0/64 in flight, 0 waiting, last error: connection"), status);
    assertTrue(status.contains("   - " + first.baseUrl() + ": closed"), status);
  }

  @Test
  void fullServersQueueBoundedlyAndOnlyWhenNoneHasRoomDoesTheNextModelAnswer() {
    FakeModelServer first = server().always(FakeModelBehaviour.slowFirstToken(1_500, "slow but sure"));
    FakeModelServer second = server().always(FakeModelBehaviour.slowFirstToken(1_500, "slow but sure"));
    startBridge("maxConnections: 1, maxQueued: 1,", first.baseUrl(), second.baseUrl());

    // Two in flight (one per server), two waiting (one per server), the fifth finds no room.
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(ask("question " + i));
    }
    Future.all(answers).await();
    List<String> texts = answers.stream().map(answer -> text(answer.result())).toList();
    assertEquals(4, texts.stream().filter("slow but sure"::equals).count(), texts.toString());
    assertEquals(1, texts.stream().filter(BACKUP_TEXT::equals).count(), texts.toString());
    assertEquals(2, first.requests().size());
    assertEquals(2, second.requests().size());
    assertEquals(1, backup.requests().size());
  }

  @Test
  void theNextModelAnswersOnlyAfterEveryServerOfTheProviderFailed() {
    FakeModelServer first = server().always(FakeModelBehaviour.fail(503));
    FakeModelServer second = server().always(FakeModelBehaviour.fail(503));
    startBridge("", first.baseUrl(), second.baseUrl());

    HttpResponse<Buffer> answer = ask("anyone there?").await();
    assertEquals(BACKUP_TEXT, text(answer));
    assertEquals(1, first.requests().size(), "each server of the provider was tried once");
    assertEquals(1, second.requests().size());
    assertEquals(1, backup.requests().size());
  }
}

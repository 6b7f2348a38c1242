package dev.switchboard.app;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import dev.switchboard.store.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge on PostgreSQL while the database goes away and comes back: webhooks are refused with 503
 * (so that Meta sends them again) instead of being acknowledged and lost, {@code /readyz} says the
 * store is down, and everything recovers by itself once the server is back: the retried message is
 * answered, once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class StoreOutageTest {

  private static final String APP_SECRET = "outage-secret";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static PostgresServer database;

  @BeforeAll
  static void startDatabase() {
    // Durable: the outage is an immediate stop, and with synchronous_commit off the last commits
    // (the schema itself, when the test runs fast) would still be in the server's memory and be lost.
    database = PostgresServer.start(true);
  }

  @AfterAll
  static void stopDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  @DisplayName("a lost database: webhooks get 503 and /readyz says so; it recovers by itself, nothing lost or doubled")
  void theBridgeRidesOutADatabaseOutage(Vertx vertx) throws Exception {
    FakeModelServer model = FakeModelServer.start(vertx).await();
    model.always(FakeModelBehaviour.reply("Yes, in blue."));
    FakeWhatsAppServer graph = FakeWhatsAppServer.start(vertx, "wa-token").await();
    SwitchboardConfig config = ConfigLoader.parse("test", """
        { gateway: { port: 0 },
          agents: { defaults: { model: { primary: "local/fake-model" }, timeoutSeconds: 10 } },
          models: { mode: "replace", providers: { local: { baseUrl: "%s", apiKey: "k", api: "openai-responses",
            models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { whatsapp: { accessToken: "wa-token", appSecret: "%s", verifyToken: "v",
                                  apiBaseUrl: "%s", dmPolicy: "open" } },
          session: { store: { url: "%s" } } }
        """.formatted(model.baseUrl(), APP_SECRET, graph.apiBaseUrl(), database.freshDatabaseUrl()), Map.of());
    MainVerticle bridge = new MainVerticle(config);
    vertx.deployVerticle(bridge).await();
    WebClient client = WebClient.create(vertx);
    int port = bridge.port();

    assertEquals(200, post(client, port, message("wamid.before")).statusCode());
    awaitAnswers(vertx, graph, 1);
    assertReady(client, port, true);

    database.stop();
    assertEquals(503, post(client, port, message("wamid.during")).statusCode(), "Meta must send it again");
    HttpResponse<Buffer> readiness = client.get(port, "127.0.0.1", "/readyz").send().await();
    assertEquals(503, readiness.statusCode());
    JsonObject store = readiness.bodyAsJsonObject().getJsonObject("store");
    assertEquals("postgresql", store.getString("kind"));
    assertFalse(store.getBoolean("ok"));

    database.restart();
    // Meta's retries, until one is accepted.
    await(vertx, () -> post(client, port, message("wamid.during")).statusCode() == 200, "the retried webhook accepted");
    awaitAnswers(vertx, graph, 2);
    await(vertx, () -> readyz(client, port).getJsonObject("store").getBoolean("ok"), "/readyz shows the store ok");
    assertReady(client, port, true);
    assertEquals(200, post(client, port, message("wamid.during")).statusCode(), "a later duplicate is acknowledged");
    assertEquals(2, answers(graph), "each message answered once");
  }

  private static Buffer message(String wamid) {
    String json = FakeWhatsAppWebhooks.fixtureAt("text.json", System.currentTimeMillis() / 1000).toString()
        .replace("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", wamid);
    return Buffer.buffer(json);
  }

  private static HttpResponse<Buffer> post(WebClient client, int port, Buffer body) {
    return FakeWhatsAppWebhooks.post(client, port, body, APP_SECRET).await();
  }

  private static JsonObject readyz(WebClient client, int port) {
    return client.get(port, "127.0.0.1", "/readyz").send().await().bodyAsJsonObject();
  }

  private static void assertReady(WebClient client, int port, boolean ok) {
    JsonObject store = readyz(client, port).getJsonObject("store");
    assertEquals(ok, store.getBoolean("ok"), store.encode());
    assertTrue(store.getString("location").startsWith("postgresql://postgres@127.0.0.1:"), store.encode());
  }

  private static long answers(FakeWhatsAppServer graph) {
    return graph.sends().stream().filter(send -> send.body().encode().contains("Yes, in blue.")).count();
  }

  private static void awaitAnswers(Vertx vertx, FakeWhatsAppServer graph, int count) {
    await(vertx, () -> answers(graph) >= count, count + " answer(s) sent to WhatsApp");
  }

  /** Polls {@code condition} every 100 ms (nothing announces these) until it holds, or fails after {@link #PATIENCE}. */
  private static void await(Vertx vertx, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + PATIENCE.toSeconds() + " s: " + what);
      vertx.timer(100).await();
    }
  }
}

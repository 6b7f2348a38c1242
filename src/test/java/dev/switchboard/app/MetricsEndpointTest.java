package dev.switchboard.app;

import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After real traffic (a Telegram webhook answered through the chain, an OpenAI API turn), {@code /metrics}
 * holds the series an operator looks for: the bridge's latency histograms, its gateway requests and
 * platform sends, and Vert.x's pool and the JVM's meters from the same registry.
 */
class MetricsEndpointTest {

  @TempDir
  static Path dir;

  private static Vertx vertx;
  private static WebClient client;
  private static String scrape;

  @BeforeAll
  static void trafficThenScrape() {
    Metrics metrics = new Metrics();
    vertx = metrics.vertxBuilder(new VertxOptions()).build();
    FakeModelServer model = FakeModelServer.start(vertx).await();
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    MainVerticle main = new MainVerticle(BridgeFixture.config(dir.resolve("switchboard.db"), model.baseUrl(),
        telegram.baseUrl(), "slack: { enabled: false }"), metrics);
    vertx.deployVerticle(main).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(main.port()));

    JsonObject update = new JsonObject().put("update_id", 9001).put("message", new JsonObject()
        .put("message_id", 1).put("date", System.currentTimeMillis() / 1000).put("text", "Hi there")
        .put("chat", new JsonObject().put("id", BridgeFixture.CHAT).put("type", "private"))
        .put("from", new JsonObject().put("id", 77).put("is_bot", false).put("first_name", "Ada")));
    assertEquals(200, client.post("/webhooks/telegram").putHeader("X-Telegram-Bot-Api-Secret-Token", "secret")
        .sendJsonObject(update).await().statusCode());
    telegram.awaitCalls("sendMessage", 1).await();
    assertEquals(200, client.post("/v1/responses").bearerTokenAuthentication(BridgeFixture.API_TOKEN)
        .sendJsonObject(new JsonObject().put("model", "switchboard").put("input", "Hello")).await().statusCode());

    for (String path : new String[] {"/no-such/path", "/no-such/other"}) {
      assertEquals(404, client.get(path).send().await().statusCode());
    }
    client.request(HttpMethod.valueOf("BREW"), "/coffee").send().await();
    HttpClient http = vertx.createHttpClient();
    HttpClientResponse events = http.request(HttpMethod.GET, main.port(), "127.0.0.1", "/v1/events")
        .compose(request -> request.putHeader("Authorization", "Bearer " + BridgeFixture.API_TOKEN).send()).await();
    assertEquals(200, events.statusCode());
    events.request().connection().close().await();
    scrape = scrapeOnceCounted("switchboard_platform_sends_total{", "code=\"closed\"");
  }

  /**
   * The telegram reply's send is counted when the platform's answer is back, and a stream the client
   * left when the bridge sees the connection close: neither can be awaited from outside.
   */
  private static String scrapeOnceCounted(String... series) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String text;
    do {
      text = client.get("/metrics").send().await().bodyAsString();
    } while (!containsAll(text, series) && System.nanoTime() < deadline);
    return text;
  }

  private static boolean containsAll(String text, String... parts) {
    for (String part : parts) {
      if (!text.contains(part)) {
        return false;
      }
    }
    return true;
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void turnLatencyIsAHistogramCountingBothTurns() {
    assertEquals(2, value("switchboard_turn_seconds_count{outcome=\"ok\"}"), scrape);
    assertEquals(2, value("switchboard_turn_seconds_bucket{outcome=\"ok\",le=\"+Inf\"}"), scrape);
    assertEquals(2, value("switchboard_turns_total{outcome=\"ok\"}"), scrape);
  }

  @Test
  void modelCallLatencyIsAHistogramPerModel() {
    assertEquals(2, value("switchboard_model_call_seconds_count{model=\"local/fake-model\"}"), scrape);
    assertEquals(2, value("switchboard_model_call_seconds_bucket{model=\"local/fake-model\",le=\"600.0\"}"), scrape);
    assertEquals(2, value("switchboard_model_calls_total{model=\"local/fake-model\",outcome=\"ok\"}"), scrape);
  }

  @Test
  void webhookAckLatencyIsAHistogramPerChannel() {
    assertEquals(1, value("switchboard_webhook_ack_seconds_count{channel=\"telegram\"}"), scrape);
    assertEquals(1, value("switchboard_webhook_ack_seconds_bucket{channel=\"telegram\",le=\"+Inf\"}"), scrape);
  }

  @Test
  void gatewayRequestsAreCountedAndTimedByRoutePatternMethodAndStatus() {
    assertEquals(1, value("switchboard_http_requests_total{code=\"200\",method=\"POST\",route=\"/v1/responses\"}"), scrape);
    assertEquals(1, value("switchboard_http_request_seconds_count{route=\"/v1/responses\"}"), scrape);
    assertEquals(1, value("switchboard_http_requests_total{code=\"200\",method=\"POST\",route=\"/webhooks/*\"}"),
        scrape);
  }

  @Test
  void aPathNoRouteServesIsOneSeriesWhateverThePath() {
    assertEquals(2, value("switchboard_http_requests_total{code=\"404\",method=\"GET\",route=\"unmatched\"}"), scrape);
    assertTrue(!scrape.contains("no-such") && !scrape.contains("coffee"), "raw paths are never labels:\n" + scrape);
    assertEquals(1, value("switchboard_http_requests_total{code=\"404\",method=\"other\",route=\"unmatched\"}"),
        "a method any client may invent is not a label of its own:\n" + scrape);
  }

  @Test
  void aStreamTheClientLeftIsCountedAsClosed() {
    assertEquals(1, value("switchboard_http_requests_total{code=\"closed\",method=\"GET\",route=\"/v1/events\"}"), scrape);
    assertEquals(1, value("switchboard_http_request_seconds_count{route=\"/v1/events\"}"), scrape);
  }

  @Test
  void platformSendsAreCountedAndTimedPerChannel() {
    assertEquals(1, value("switchboard_platform_sends_total{channel=\"telegram\",outcome=\"sent\"}"), scrape);
    assertEquals(1, value("switchboard_platform_send_seconds_count{channel=\"telegram\"}"), scrape);
  }

  @Test
  void vertxPoolMetersStayAndItsPerRequestHttpMetersAreGone() {
    assertTrue(scrape.contains("vertx_pool_"), "worker pool meters (the store's JDBC work runs there)");
    assertTrue(!scrape.contains("vertx_http_") && !scrape.contains("vertx_net_"),
        "Vert.x's per-request HTTP and TCP meters are left out:\n" + scrape);
  }

  @Test
  void jvmMetersAreThere() {
    assertTrue(scrape.contains("jvm_memory_used_bytes{"), scrape);
    assertTrue(scrape.contains("jvm_gc_"), scrape);
    assertTrue(scrape.contains("jvm_threads_live_threads"), scrape);
  }

  /** The value of the one series whose name and labels are exactly {@code series}. */
  private static long value(String series) {
    Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    if (!matcher.find()) {
      throw new AssertionError("no series " + series + " in\n" + scrape);
    }
    return (long) Double.parseDouble(matcher.group(1));
  }
}

package dev.switchboard.app;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that drains (SIGTERM, a rolling upgrade) answers the questions it has taken before its port
 * closes: an HTTP client of {@code /v1} and another application asking on the bus get their answer,
 * not a cut connection or a failure. New connections are refused once it has.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class DrainTest {

  private static final long MODEL_DELAY_MS = 1_500;

  @TempDir
  Path dir;

  @Test
  @DisplayName("a /v1 request in flight at the drain is answered, then the port closes")
  void aV1RequestInFlightIsAnsweredBeforeThePortCloses(Vertx vertx) {
    FakeModelServer model = FakeModelServer.start(vertx).await().slowFirstToken(MODEL_DELAY_MS);
    MainVerticle bridge = startBridge(vertx, model);
    WebClient client = WebClient.create(vertx);
    Future<HttpResponse<Buffer>> asked = client.post(bridge.port(), "127.0.0.1", "/v1/responses")
        .bearerTokenAuthentication(BridgeFixture.API_TOKEN)
        .sendJsonObject(new JsonObject().put("model", "switchboard").put("input", "Say hello"));
    model.awaitRequests(1).await();

    bridge.drain().await();
    WebClient newcomer = WebClient.create(vertx); // a connection of its own, not the pooled one just closed
    // No HTTP answer at all, whatever the status: refused, as a rule, but the failure is not always a
    // ConnectException, since a client whose own source port is the one just closed connects to itself.
    assertThrows(Exception.class, () -> newcomer.get(bridge.port(), "127.0.0.1", "/healthz").send().await(),
        "the port is closed once the drain is over");
    vertx.undeploy(bridge.deploymentID()).await(); // as the process exit does
    HttpResponse<Buffer> answer = asked.await();
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    assertEquals(FakeModelServer.DEFAULT_REPLY, answer.bodyAsJsonObject().getJsonArray("output").getJsonObject(0)
        .getJsonArray("content").getJsonObject(0).getString("text"));
  }

  @Test
  @DisplayName("another application's switchboard.ask in flight at the drain gets its answer")
  void aBusAskInFlightIsAnswered(Vertx vertx) {
    FakeModelServer model = FakeModelServer.start(vertx).await().slowFirstToken(MODEL_DELAY_MS);
    MainVerticle bridge = startBridge(vertx, model);
    Future<Message<JsonObject>> asked = vertx.eventBus().request(Addresses.ASK,
        AskRequest.text(null, "Say hello").toJson(), new DeliveryOptions().setSendTimeout(30_000));
    model.awaitRequests(1).await();

    bridge.drain().await();
    vertx.undeploy(bridge.deploymentID()).await();
    assertEquals(FakeModelServer.DEFAULT_REPLY, AskReply.fromJson(asked.await().body()).text());
  }

  @Test
  @DisplayName("an open event stream is ended by the drain and does not hold it for its whole bound")
  void anOpenEventStreamIsEndedByTheDrain(Vertx vertx) {
    MainVerticle bridge = startBridge(vertx, FakeModelServer.start(vertx).await());
    HttpClientResponse stream = vertx.createHttpClient()
        .request(HttpMethod.GET, bridge.port(), "127.0.0.1", "/v1/events")
        .compose(request -> request.putHeader("Authorization", "Bearer " + BridgeFixture.API_TOKEN).send()).await();
    assertEquals(200, stream.statusCode());
    Future<Void> ended = stream.end();

    long started = System.nanoTime();
    bridge.drain().await();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    ended.await(); // ended in good order: the client sees the end of the stream, not a cut
    assertTrue(took.compareTo(Duration.ofSeconds(GatewayConfig.DEFAULT_DRAIN_SECONDS / 2)) < 0,
        "the drain waited " + took.toMillis() + " ms for a stream that never ends by itself");
    vertx.undeploy(bridge.deploymentID()).await();
  }

  private MainVerticle startBridge(Vertx vertx, FakeModelServer model) {
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    MainVerticle bridge = new MainVerticle(BridgeFixture.config(dir.resolve("switchboard.db"), model.baseUrl(),
        telegram.baseUrl(), ""));
    vertx.deployVerticle(bridge).await();
    return bridge;
  }
}

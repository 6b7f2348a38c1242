package dev.switchboard.ops;

import dev.switchboard.bus.Addresses;
import dev.switchboard.store.SqliteStore;
import dev.switchboard.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} and the detailed {@code /readyz} are for programs on this machine and holders of
 * {@code gateway.opsToken}; a request relayed by a proxy (as every request from the internet is, when a
 * tunnel or reverse proxy fronts the webhooks) is not local.
 */
@ExtendWith(VertxExtension.class)
class OperatorSurfacesTest {

  private static final String OPS_TOKEN = "ops-7f3a9c1e-token";
  private static final UnaryOperator<HttpRequest<Buffer>> RELAYED =
      request -> request.putHeader("X-Forwarded-For", "203.0.113.7");

  private WebClient client;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    vertx.eventBus().<JsonObject>consumer(Addresses.STATUS, message -> message.reply(new JsonObject()
        .put("anyAvailable", true).put("models", new JsonArray().add(new JsonObject()
            .put("model", "lmstudio/secret-fine-tune").put("state", "closed")))));
    Metrics metrics = new Metrics();
    metrics.counter("switchboard_turns_total", "Turns.", "outcome").increment("ok");
    Router router = Router.router(vertx);
    Store store = SqliteStore.open(vertx, dir.resolve("s.db").toString(), Clock.systemUTC()).await();
    new OpsRoutes(vertx, metrics, () -> List.of(ChannelStatus.running("telegram")), store,
        new OperatorAccess(OPS_TOKEN))
        .describingCluster(() -> new JsonObject().put("nodeId", "node-a").put("members", new JsonArray().add("node-a")))
        .mount(router);
    int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  private HttpResponse<Buffer> get(String path, UnaryOperator<HttpRequest<Buffer>> dress) {
    return dress.apply(client.get(path)).send().await();
  }

  @Test
  void aLocalProgramReadsTheMetricsAndTheDetails() {
    HttpResponse<Buffer> metrics = get("/metrics", UnaryOperator.identity());
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.bodyAsString().contains("switchboard_turns_total{outcome=\"ok\"} 1"), metrics.bodyAsString());

    JsonObject ready = get("/readyz", UnaryOperator.identity()).bodyAsJsonObject();
    assertEquals("ready", ready.getString("status"));
    assertEquals("lmstudio/secret-fine-tune", ready.getJsonArray("models").getJsonObject(0).getString("model"));
    assertEquals("telegram", ready.getJsonArray("channels").getJsonObject(0).getString("name"));
    assertEquals("sqlite", ready.getJsonObject("store").getString("kind"));
    assertEquals("node-a", ready.getJsonObject("cluster").getString("nodeId"));
  }

  @Test
  void aRelayedRequestGetsOnlyTheBareStatus() {
    HttpResponse<Buffer> metrics = get("/metrics", RELAYED);
    assertEquals(403, metrics.statusCode());
    assertEquals("", metrics.bodyAsString() == null ? "" : metrics.bodyAsString());

    HttpResponse<Buffer> ready = get("/readyz", RELAYED);
    assertEquals(200, ready.statusCode());
    assertEquals(new JsonObject().put("status", "ready"), ready.bodyAsJsonObject());
    assertEquals(200, get("/healthz", RELAYED).statusCode(), "liveness stays open to load balancers");
  }

  @Test
  void everyForwardingHeaderMakesARequestRemote() {
    assertEquals(403, get("/metrics", r -> r.putHeader("Forwarded", "for=203.0.113.7")).statusCode());
    assertEquals(403, get("/metrics", r -> r.putHeader("X-Real-IP", "203.0.113.7")).statusCode());
  }

  @Test
  void theOpsTokenOpensBothToARelayedRequest() {
    UnaryOperator<HttpRequest<Buffer>> operator = r -> RELAYED.apply(r).bearerTokenAuthentication(OPS_TOKEN);

    assertEquals(200, get("/metrics", operator).statusCode());
    assertTrue(get("/readyz", operator).bodyAsJsonObject().containsKey("models"));
  }

  @Test
  void aWrongTokenIsNotEnough() {
    UnaryOperator<HttpRequest<Buffer>> guess = r -> RELAYED.apply(r).bearerTokenAuthentication("ops-guess");

    assertEquals(403, get("/metrics", guess).statusCode());
    assertEquals(new JsonObject().put("status", "ready"), get("/readyz", guess).bodyAsJsonObject());
  }
}

package dev.switchboard.app;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code gateway.instances} verticles share one port, port 0 included, and every one of them answers. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayInstancesTest {

  @Test
  void threeInstancesOnPortZeroAnswerEveryConnection(Vertx vertx, @TempDir Path dir) {
    FakeModelServer model = FakeModelServer.start(vertx).await();
    SwitchboardConfig config = ConfigLoader.parse("test", """
        { gateway: { port: 0, instances: 3 },
          agents: { defaults: { model: { primary: "local/fake-model" } } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", apiKey: "lm", api: "openai-responses",
                     models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { http: { enabled: true } },
          session: { store: { path: "%s" } } }
        """.formatted(model.baseUrl(), dir.resolve("switchboard.db")), Map.of());
    MainVerticle bridge = new MainVerticle(config);
    vertx.deployVerticle(bridge).await();
    assertFalse(bridge.port() == 0);
    assertEquals(List.of(bridge.port(), bridge.port(), bridge.port()), bridge.gatewayPorts(),
        "the instances share the port that 0 picked");

    // A new connection for each request: Vert.x hands connections to the instances in turn.
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(bridge.port()));
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      answers.add(client.post("/v1/responses").sendJsonObject(new JsonObject().put("input", "question " + i)));
    }
    Future.all(answers).await();
    for (Future<HttpResponse<Buffer>> answer : answers) {
      assertEquals(200, answer.result().statusCode(), answer.result().bodyAsString());
      assertEquals(FakeModelServer.DEFAULT_REPLY, answer.result().bodyAsJsonObject().getJsonArray("output")
          .getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("text"));
    }
    assertEquals(9, model.requests().size());
  }
}

package dev.switchboard.cluster;

import dev.switchboard.app.MainVerticle;
import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two bridges joined in a real Hazelcast cluster (TCP-IP join on 127.0.0.1, member ports picked by
 * the OS): what one node learns about a model — a breaker opened by a 503, a model disabled by a
 * 401 — is applied by the other, which then never calls those models.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedModelKnowledgeTest {

  private static final String BACKUP_TEXT = "Answer from the backup.";

  static Vertx tools;
  static FakeModelServer failing;
  static FakeModelServer refusing;
  static FakeModelServer backup;
  static ClusterNode first;
  static ClusterNode second;
  static MainVerticle firstBridge;
  static MainVerticle secondBridge;

  @BeforeAll
  static void startTwoNodes(@TempDir Path dir) {
    tools = Vertx.vertx();
    failing = FakeModelServer.start(tools).await().always(FakeModelBehaviour.fail(503));
    refusing = FakeModelServer.start(tools).await().always(FakeModelBehaviour.unauthorized());
    backup = FakeModelServer.start(tools).await().always(FakeModelBehaviour.reply(BACKUP_TEXT));
    String name = "switchboard-test-" + UUID.randomUUID();
    first = ClusterNode.join(new ClusterConfig(true, name, "127.0.0.1", 0, List.of(), null, 5)).await();
    second = ClusterNode.join(new ClusterConfig(true, name, "127.0.0.1", 0,
        List.of("127.0.0.1:" + first.memberPort()), null, 5)).await();
    firstBridge = new MainVerticle(config(dir.resolve("first.db")), first);
    first.vertx().deployVerticle(firstBridge).await();
    secondBridge = new MainVerticle(config(dir.resolve("second.db")), second);
    second.vertx().deployVerticle(secondBridge).await();
  }

  private static SwitchboardConfig config(Path store) {
    return ConfigLoader.parse("test", """
        { gateway: { port: 0, instances: 1 },
          agents: { defaults: { model: { primary: "p/fake-model", fallbacks: ["q/fake-model", "backup/fake-model"] } } },
          models: { mode: "replace", providers: {
            p: { baseUrl: "%s", api: "openai-responses", breakerMaxFailures: 1, breakerResetMs: 600000,
                 models: [{ id: "fake-model" }] },
            q: { baseUrl: "%s", api: "openai-responses", models: [{ id: "fake-model" }] },
            backup: { baseUrl: "%s", api: "openai-responses", models: [{ id: "fake-model" }] } } },
          channels: { http: { enabled: true } },
          session: { store: { path: "%s" } } }
        """.formatted(failing.baseUrl(), refusing.baseUrl(), backup.baseUrl(), store), Map.of());
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.vertx().close().await();
    }
    if (first != null) {
      first.vertx().close().await();
    }
    tools.close().await();
  }

  private static HttpResponse<Buffer> ask(int port, String text) {
    return WebClient.create(tools).post(port, "127.0.0.1", "/v1/responses")
        .sendJsonObject(new JsonObject().put("input", text)).await();
  }

  private static JsonObject ready(int port) {
    return WebClient.create(tools).get(port, "127.0.0.1", "/readyz").send().await().bodyAsJsonObject();
  }

  private static String state(JsonObject ready, String model) {
    JsonArray models = ready.getJsonArray("models");
    for (int i = 0; i < models.size(); i++) {
      if (model.equals(models.getJsonObject(i).getString("model"))) {
        return models.getJsonObject(i).getString("state");
      }
    }
    return null;
  }

  @Test
  void whatTheFirstNodeLearnsAboutDeadModelsTheSecondNeverCallsThemFor() throws InterruptedException {
    JsonObject cluster = ready(secondBridge.port()).getJsonObject("cluster");
    assertEquals(2, cluster.getJsonArray("members").size(), cluster.encode());
    assertTrue(cluster.getJsonArray("members").contains(cluster.getString("nodeId")), cluster.encode());

    HttpResponse<Buffer> first = ask(firstBridge.port(), "hello first node");
    assertEquals(200, first.statusCode());
    assertEquals(1, failing.requests().size());
    assertEquals(1, refusing.requests().size());
    assertEquals(1, backup.requests().size());

    // The events cross the cluster asynchronously: the second node's /readyz says when they arrived.
    long deadline = System.currentTimeMillis() + 20_000;
    JsonObject secondReady = ready(secondBridge.port());
    while (!("open".equals(state(secondReady, "p/fake-model")) && "disabled".equals(state(secondReady, "q/fake-model")))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      secondReady = ready(secondBridge.port());
    }
    assertEquals("open", state(secondReady, "p/fake-model"), secondReady.encode());
    assertEquals("disabled", state(secondReady, "q/fake-model"), secondReady.encode());

    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> answer = ask(secondBridge.port(), "hello second node " + i);
      assertEquals(200, answer.statusCode());
      assertEquals(BACKUP_TEXT, answer.bodyAsJsonObject().getJsonArray("output").getJsonObject(0)
          .getJsonArray("content").getJsonObject(0).getString("text"));
    }
    assertEquals(1, failing.requests().size(), "the second node never called the model whose breaker opened");
    assertEquals(1, refusing.requests().size(), "nor the model that refused its key");
    assertEquals(4, backup.requests().size());
  }
}

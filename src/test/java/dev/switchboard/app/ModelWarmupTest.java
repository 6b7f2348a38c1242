package dev.switchboard.app;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeModelRequest;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.model.ModelClients;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.InMemorySessionHistory;
import dev.switchboard.routing.RouterVerticle;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code warmup: true} makes a local model load when the bridge starts, before the first user waits
 * for it; a one-shot command's question is not made to wait behind it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ModelWarmupTest {

  @TempDir
  Path dir;

  private SwitchboardConfig config(FakeModelServer local, FakeModelServer hosted, boolean warmup) {
    return ConfigLoader.parse("test", """
        { gateway: { port: 0 },
          agents: { defaults: { model: { primary: "local/fake-model", fallbacks: ["hosted/fake-model"] } } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", api: "openai-responses", warmup: %s, models: [{ id: "fake-model" }] },
            hosted: { baseUrl: "%s", apiKey: "k", api: "openai-completions", models: [{ id: "fake-model" }] } } },
          session: { store: { path: "%s" } } }
        """.formatted(local.baseUrl(), warmup, hosted.baseUrl(), dir.resolve("s.db")), Map.of());
  }

  private MainVerticle bridge(Vertx vertx, FakeModelServer local, FakeModelServer hosted, boolean warmup) {
    MainVerticle main = new MainVerticle(config(local, hosted, warmup));
    vertx.deployVerticle(main).await();
    return main;
  }

  @Test
  void aProviderWithWarmupGetsOneShortRequestAtStartAndOthersNone(Vertx vertx) {
    FakeModelServer local = FakeModelServer.start(vertx).await();
    FakeModelServer hosted = FakeModelServer.start(vertx).await();
    bridge(vertx, local, hosted, true);

    List<FakeModelRequest> requests = local.awaitRequests(1).await();
    String input = requests.get(0).body().getJsonArray("input").getJsonObject(0).getJsonArray("content")
        .getJsonObject(0).getString("text");
    assertEquals("Reply with OK.", input);
    assertTrue(hosted.requests().isEmpty(), "only providers that ask for a warm-up get one");
  }

  @Test
  void theRouterOfAOneShotCommandSendsNoWarmupBeforeItsQuestion(Vertx vertx) {
    FakeModelServer local = FakeModelServer.start(vertx).await();
    FakeModelServer hosted = FakeModelServer.start(vertx).await();
    // The router as `ask` and `chat` deploy it (LocalRouter): the question must not queue behind a warm-up.
    vertx.deployVerticle(new RouterVerticle(config(local, hosted, true).models(), new ModelClients(vertx),
        new InMemorySessionHistory(), new Metrics())).await();
    vertx.eventBus().request(Addresses.ASK, AskRequest.text("s", "The question").toJson()).await();
    assertEquals(1, local.requests().size());
    assertEquals("The question", local.requests().get(0).body().getJsonArray("input").getJsonObject(0)
        .getJsonArray("content").getJsonObject(0).getString("text"));
  }

  @Test
  void withoutWarmupNothingIsSentBeforeTheFirstMessage(Vertx vertx) {
    FakeModelServer local = FakeModelServer.start(vertx).await();
    FakeModelServer hosted = FakeModelServer.start(vertx).await();
    bridge(vertx, local, hosted, false);
    // A warm-up would be sent as the router starts, before this first question.
    vertx.eventBus().request(Addresses.ASK, AskRequest.text("s", "First question").toJson()).await();
    assertEquals(1, local.requests().size());
    assertEquals("First question", local.requests().get(0).body().getJsonArray("input").getJsonObject(0)
        .getJsonArray("content").getJsonObject(0).getString("text"));
  }
}

package dev.switchboard.app;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.fakes.FakeModelRequest;
import dev.switchboard.fakes.FakeModelServer;
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

/** {@code warmup: true} makes a local model load at start, before the first user waits for it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ModelWarmupTest {

  @TempDir
  Path dir;

  private MainVerticle bridge(Vertx vertx, FakeModelServer local, FakeModelServer hosted, boolean warmup) {
    MainVerticle main = new MainVerticle(ConfigLoader.parse("test", """
        { gateway: { port: 0 },
          agents: { defaults: { model: { primary: "local/fake-model", fallbacks: ["hosted/fake-model"] } } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", api: "openai-responses", warmup: %s, models: [{ id: "fake-model" }] },
            hosted: { baseUrl: "%s", apiKey: "k", api: "openai-completions", models: [{ id: "fake-model" }] } } },
          session: { store: { path: "%s" } } }
        """.formatted(local.baseUrl(), warmup, hosted.baseUrl(), dir.resolve("s.db")), Map.of()));
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

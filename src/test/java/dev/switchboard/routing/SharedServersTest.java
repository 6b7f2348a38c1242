package dev.switchboard.routing;

import dev.switchboard.bus.Usage;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelReply;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.ModelStatus.State;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.MAX_FAILURES;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.model;
import static dev.switchboard.routing.ChainFixtures.provider;
import static dev.switchboard.routing.ChainFixtures.request;
import static dev.switchboard.routing.ChainFixtures.status;
import static dev.switchboard.routing.ScriptedModels.error;
import static dev.switchboard.routing.ScriptedModels.held;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * The node's chains (the router's, each gateway instance's) on their own event loops share the
 * node's model servers: {@code maxConnections} and the queue count every chain's requests, a waiting
 * request gets its slot on its own loop, and a breaker one chain opened keeps the others from the
 * server at once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class SharedServersTest {

  private static final String A = "local/a";
  private static final String B = "remote/b";
  /** Long enough that no breaker half-opens while a test runs. */
  private static final long RESET_MS = 60_000;

  private Vertx vertx;
  private ScriptedModels models;
  private ModelServers servers;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    servers = new ModelServers(vertx);
  }

  @AfterEach
  void closeBreakers() {
    servers.close();
  }

  /** One connection and one place in the queue for {@code local/a}; {@code remote/b} as the fallback. */
  private static ModelCatalog oneConnectionToA() {
    ProviderConfig local = provider("local", null, MAX_FAILURES, RESET_MS, model("a"));
    ProviderConfig narrow = new ProviderConfig(local.id(), local.baseUrl(), local.apiKey(), null, local.api(),
        local.connectTimeoutMs(), local.firstTokenTimeoutMs(), local.idleTimeoutMs(), local.stream(), Map.of(),
        false, MAX_FAILURES, RESET_MS, 1, local.models(), 1, local.baseUrls());
    return catalog(List.of(narrow, provider("remote", null, MAX_FAILURES, RESET_MS, model("b"))), A, B);
  }

  /** A chain made on a context of its own, as each gateway instance makes one on its event loop. */
  private record LoopChain(Context context, ModelChain chain) {

    /** Starts a turn on the chain's own context; completes once the turn has started there. */
    Future<Future<ChainReply>> start(String text) {
      Promise<Future<ChainReply>> started = Promise.promise();
      context.runOnContext(now -> started.complete(chain.run(request(text), null)));
      return started.future();
    }
  }

  /** A verticle deployed for its context alone: each deployment gets a context of its own, on the next event loop. */
  private static final class Loop extends VerticleBase {
    Context context() {
      return context;
    }
  }

  private LoopChain chainOnItsOwnLoop(ModelCatalog catalog) throws Exception {
    Loop loop = new Loop();
    vertx.deployVerticle(loop).await(AWAIT_SECONDS, TimeUnit.SECONDS);
    return new LoopChain(loop.context(), new ModelChain(vertx, catalog, models, servers, new Metrics()));
  }

  private static <T> T await(Supplier<Future<T>> future) throws Exception {
    return future.get().await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void maxConnectionsAndTheQueueHoldForTheNodeAndAWaitingTurnGoesOnOnItsOwnLoop() throws Exception {
    ModelCatalog catalog = oneConnectionToA();
    LoopChain first = chainOnItsOwnLoop(catalog);
    LoopChain second = chainOnItsOwnLoop(catalog);
    assertNotSame(first.context(), second.context());
    Promise<ModelReply> held = Promise.promise();
    List<Context> calledOn = new CopyOnWriteArrayList<>();
    models.script(A, held(held), (vertx, request) -> {
      calledOn.add(Vertx.currentContext());
      return Future.succeededFuture(new ModelReply("after the first", Usage.NONE));
    });

    Future<ChainReply> inFlight = await(() -> first.start("one"));
    Future<ChainReply> waiting = await(() -> second.start("two"));
    JsonObject server = status(first.chain(), A).servers().getJsonObject(0);
    assertEquals(1, server.getInteger("inFlight"), server.encode());
    assertEquals(1, server.getInteger("queued"), "the second chain's turn waits for the node's one connection");
    assertEquals(1, models.calls(A));

    ChainReply overflow = await(() -> first.start("three")).await(AWAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(B, overflow.model().toString(), "no room left on the node: the next model answers");
    assertEquals(A, overflow.fallbackFrom().toString());

    first.context().runOnContext(now -> held.complete(new ModelReply("the first", Usage.NONE)));
    assertEquals("the first", inFlight.await(AWAIT_SECONDS, TimeUnit.SECONDS).text());
    assertEquals("after the first", waiting.await(AWAIT_SECONDS, TimeUnit.SECONDS).text());
    assertEquals(List.of(second.context()), calledOn, "the waiting turn called the model on its own loop");
    assertEquals(2, models.calls(A));
  }

  @Test
  void aBreakerOneChainOpenedKeepsEveryChainOfTheNodeFromTheServer() throws Exception {
    ModelCatalog catalog = catalog(List.of(provider("local", null, MAX_FAILURES, RESET_MS, model("a")),
        provider("remote", null, MAX_FAILURES, RESET_MS, model("b"))), A, B);
    LoopChain first = chainOnItsOwnLoop(catalog);
    LoopChain second = chainOnItsOwnLoop(catalog);
    models.script(A, error(ModelErrorClass.SERVER));
    for (int turn = 0; turn < MAX_FAILURES; turn++) {
      await(() -> first.start("failing")).await(AWAIT_SECONDS, TimeUnit.SECONDS);
    }

    assertEquals(State.OPEN, status(second.chain(), A).state(), "the other chain sees the breaker open");
    ChainReply reply = await(() -> second.start("after")).await(AWAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(B, reply.model().toString());
    assertEquals(MAX_FAILURES, models.calls(A), "no chain of the node calls a server whose breaker is open");
  }
}

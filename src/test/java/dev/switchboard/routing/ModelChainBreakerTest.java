package dev.switchboard.routing;

import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelReply;
import dev.switchboard.bus.Usage;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.ModelStatus.State;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.MAX_FAILURES;
import static dev.switchboard.routing.ChainFixtures.answer;
import static dev.switchboard.routing.ChainFixtures.breakerEvent;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.model;
import static dev.switchboard.routing.ChainFixtures.nextEvent;
import static dev.switchboard.routing.ChainFixtures.provider;
import static dev.switchboard.routing.ChainFixtures.request;
import static dev.switchboard.routing.ChainFixtures.status;
import static dev.switchboard.routing.ScriptedModels.error;
import static dev.switchboard.routing.ScriptedModels.held;
import static dev.switchboard.routing.ScriptedModels.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One breaker per model: when it opens, what open costs, and how a half-open probe closes it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ModelChainBreakerTest {

  private static final String A = "local/a";
  private static final String B = "remote/b";

  private Vertx vertx;
  private ScriptedModels models;
  private ModelChain chain;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    chain = new ModelChain(vertx, catalog(List.of(provider("local", model("a")), provider("remote", model("b"))), A, B),
        models, new Metrics());
  }

  private void openBreakerOfA() throws Exception {
    models.script(A, error(ModelErrorClass.SERVER));
    for (int turn = 0; turn < MAX_FAILURES; turn++) {
      answer(chain, request("hi"));
    }
    assertEquals(State.OPEN, status(chain, A).state());
  }

  @Test
  void opensAfterMaxFailuresInARowAndNotBefore() throws Exception {
    models.script(A, error(ModelErrorClass.SERVER));
    for (int turn = 1; turn < MAX_FAILURES; turn++) {
      answer(chain, request("hi"));
      assertEquals(State.CLOSED, status(chain, A).state(), "after " + turn + " failures");
    }

    answer(chain, request("hi"));

    ModelStatus a = status(chain, A);
    assertEquals(State.OPEN, a.state());
    assertTrue(a.reason().startsWith("server_error"), a.reason());
    assertTrue(a.until() > System.currentTimeMillis() - 1_000);
  }

  @Test
  void aBrokenStreamCountsOneFailureAndTheNextTurnTriesThePrimary() throws Exception {
    models.script(A, error(ModelErrorClass.BROKEN), text("primary again"));

    ChainReply first = answer(chain, request("hi"));

    assertEquals(B, first.model().toString(), "this turn fails over");
    assertEquals(State.CLOSED, status(chain, A).state(), "one dropped stream does not open the breaker");
    ChainReply second = answer(chain, request("again"));
    assertEquals("primary again", second.text());
    assertNull(second.fallbackFrom());
    assertEquals(2, models.calls(A));
  }

  @Test
  void anOpenBreakerIsSkippedWithoutARequest() throws Exception {
    openBreakerOfA();

    ChainReply reply = answer(chain, request("while open"));

    assertEquals(B, reply.model().toString());
    assertEquals(A, reply.fallbackFrom().toString());
    assertEquals(MAX_FAILURES, models.calls(A), "no call reaches an open model");
    assertTrue(chain.anyAvailable(), "the fallback is still available");
  }

  @Test
  void clientErrorsDoNotOpenTheBreaker() {
    models.script(A, error(ModelErrorClass.BAD_REQUEST));
    for (int turn = 0; turn < MAX_FAILURES + 2; turn++) {
      ChainFixtures.failure(chain, request("hi"), null);
    }

    assertEquals(State.CLOSED, status(chain, A).state());
  }

  @Test
  void aSuccessfulHalfOpenProbeClosesTheBreaker() throws Exception {
    Future<?> halfOpen = nextEvent(vertx, breakerEvent(A, State.HALF_OPEN));
    openBreakerOfA();
    halfOpen.await(AWAIT_SECONDS, TimeUnit.SECONDS);
    models.script(A, text("back again"));
    Future<?> closed = nextEvent(vertx, breakerEvent(A, State.CLOSED));

    ChainReply reply = answer(chain, request("probe"));

    assertEquals("back again", reply.text());
    assertNull(reply.fallbackFrom());
    closed.await(AWAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(State.CLOSED, status(chain, A).state());
  }

  @Test
  void halfOpenLetsOneProbeThroughAndSkipsTheOthers() throws Exception {
    Future<?> halfOpen = nextEvent(vertx, breakerEvent(A, State.HALF_OPEN));
    openBreakerOfA();
    halfOpen.await(AWAIT_SECONDS, TimeUnit.SECONDS);
    Promise<ModelReply> probeAnswer = Promise.promise();
    models.script(A, held(probeAnswer));

    Future<ChainReply> probe = chain.run(request("probe"), null);
    ChainReply other = answer(chain, request("meanwhile"));

    assertEquals(B, other.model().toString(), "the probe is in flight, others go to the fallback");
    assertEquals(MAX_FAILURES + 1, models.calls(A));
    probeAnswer.complete(new ModelReply("probe answered", Usage.NONE));
    assertEquals("probe answered", probe.await(AWAIT_SECONDS, TimeUnit.SECONDS).text());
    assertEquals(State.CLOSED, status(chain, A).state());
  }

  @Test
  void aFailedProbeOpensTheBreakerAgain() throws Exception {
    Future<?> halfOpen = nextEvent(vertx, breakerEvent(A, State.HALF_OPEN));
    openBreakerOfA();
    halfOpen.await(AWAIT_SECONDS, TimeUnit.SECONDS);

    ChainReply reply = answer(chain, request("probe"));

    assertEquals(B, reply.model().toString());
    assertEquals(State.OPEN, status(chain, A).state());
    assertEquals(MAX_FAILURES + 1, models.calls(A));
  }

  @Test
  void nothingIsAvailableWhenEveryBreakerIsOpen() throws Exception {
    models.script(A, error(ModelErrorClass.CONNECTION));
    models.script(B, error(ModelErrorClass.CONNECTION));

    ChainFixtures.failure(chain, request("hi"), null);

    assertFalse(chain.anyAvailable());
  }
}

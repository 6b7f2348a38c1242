package dev.switchboard.routing;

import dev.switchboard.bus.AskFailure;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelReply;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.answer;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.failure;
import static dev.switchboard.routing.ChainFixtures.model;
import static dev.switchboard.routing.ChainFixtures.provider;
import static dev.switchboard.routing.ChainFixtures.requestWithin;
import static dev.switchboard.routing.ScriptedModels.delayed;
import static dev.switchboard.routing.ScriptedModels.error;
import static dev.switchboard.routing.ScriptedModels.held;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole turn, every attempt included, ends at the request's deadline. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ModelChainDeadlineTest {

  private static final String A = "local/a";
  private static final String B = "remote/b";

  private ScriptedModels models;
  private ModelChain chain;

  @BeforeEach
  void setUp(Vertx vertx) {
    models = new ScriptedModels(vertx);
    chain = new ModelChain(vertx, catalog(List.of(provider("local", model("a")), provider("remote", model("b"))), A, B),
        models, new Metrics());
  }

  @Test
  void aHungModelEndsTheTurnAtTheDeadline() {
    models.script(A, held(Promise.<ModelReply>promise()));
    long started = System.currentTimeMillis();

    ChainException failure = failure(chain, requestWithin("hi", 300), null);

    long elapsed = System.currentTimeMillis() - started;
    assertEquals(AskFailure.TIMEOUT, failure.failure());
    assertTrue(elapsed >= 250 && elapsed < 2_000, "ended after " + elapsed + " ms");
    assertEquals(0, models.calls(B), "no time is left for the fallback");
  }

  @Test
  void aTurnPastItsDeadlineCallsNoModel() {
    ChainException failure = failure(chain, requestWithin("hi", -1), null);

    assertEquals(AskFailure.TIMEOUT, failure.failure());
    assertEquals(0, models.calls(A));
  }

  @Test
  void aSlowFailureThatUsesUpTheTimeDoesNotReachTheFallback() {
    models.script(A, delayed(400, error(ModelErrorClass.SERVER)));

    ChainException failure = failure(chain, requestWithin("hi", 200), null);

    assertEquals(AskFailure.TIMEOUT, failure.failure());
    assertEquals(0, models.calls(B));
  }

  @Test
  void aRetryAfterBeyondTheDeadlineIsNotWaitedFor() throws Exception {
    models.script(A, error(ModelErrorClass.RATE_LIMITED, Duration.ofMillis(1_500)));
    long started = System.currentTimeMillis();

    ChainReply reply = answer(chain, requestWithin("hi", 1_000));

    assertEquals(B, reply.model().toString());
    assertEquals(1, models.calls(A));
    assertTrue(System.currentTimeMillis() - started < 1_000);
  }

  @Test
  void aClientReportingTheDeadlineEndsTheTurnWithoutFailover() {
    models.script(A, error(ModelErrorClass.DEADLINE));

    ChainException failure = failure(chain, requestWithin("hi", 5_000), null);

    assertEquals(AskFailure.TIMEOUT, failure.failure());
    assertEquals(0, models.calls(B));
  }
}

package dev.switchboard.routing;

import dev.switchboard.bus.AskFailure;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.ModelStatus.State;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.C;
import static dev.switchboard.routing.ChainFixtures.answer;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.failure;
import static dev.switchboard.routing.ChainFixtures.model;
import static dev.switchboard.routing.ChainFixtures.provider;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static dev.switchboard.routing.ChainFixtures.providersABC;
import static dev.switchboard.routing.ChainFixtures.request;
import static dev.switchboard.routing.ChainFixtures.resolved;
import static dev.switchboard.routing.ChainFixtures.status;
import static dev.switchboard.routing.ScriptedModels.error;
import static dev.switchboard.routing.ScriptedModels.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each row of DESIGN.md §4's error-class table, as the user and the operator see it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ModelChainErrorClassesTest {

  private Vertx vertx;
  private ScriptedModels models;
  private Metrics metrics;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    metrics = new Metrics();
  }

  private ModelChain chain() {
    return chain(catalog(providersABC(), A, B, C));
  }

  /** Context overflow here is answered by dropping the oldest turns; summaries are CompactionTest's concern. */
  private ModelChain chain(ModelCatalog catalog) {
    return new ModelChain(vertx, catalog, models, metrics, new OldestTurnsDropped());
  }

  @Test
  void connectionRefusedFailsOverAtOnceAndOpensTheBreaker() throws Exception {
    models.script(A, error(ModelErrorClass.CONNECTION));
    ModelChain chain = chain();

    ChainReply reply = answer(chain, request("hi"));

    assertEquals("answer from " + B, reply.text());
    assertEquals(B, reply.model().toString());
    assertEquals(A, reply.fallbackFrom().toString());
    assertEquals(State.OPEN, status(chain, A).state());
    answer(chain, request("again"));
    assertEquals(1, models.calls(A), "an open breaker is skipped without a request");
  }

  @ParameterizedTest
  @EnumSource(value = ModelErrorClass.class, names = {"BROKEN", "TIMEOUT", "SERVER", "MALFORMED"})
  void countingFailuresFailOverAndOpenTheBreakerAfterMaxFailures(ModelErrorClass errorClass) throws Exception {
    models.script(A, error(errorClass));
    ModelChain chain = chain();

    for (int turn = 1; turn <= ChainFixtures.MAX_FAILURES; turn++) {
      assertEquals(turn < ChainFixtures.MAX_FAILURES ? State.CLOSED : State.OPEN, stateAfterTurn(chain));
    }

    answer(chain, request("once more"));
    assertEquals(ChainFixtures.MAX_FAILURES, models.calls(A));
    assertEquals(ChainFixtures.MAX_FAILURES + 1, models.calls(B));
  }

  private State stateAfterTurn(ModelChain chain) throws Exception {
    ChainReply reply = answer(chain, request("hi"));
    assertEquals(B, reply.model().toString());
    return status(chain, A).state();
  }

  @Test
  void rateLimitWithShortRetryAfterRetriesTheSameModelOnce() throws Exception {
    models.script(A, error(ModelErrorClass.RATE_LIMITED, Duration.ofMillis(50)), text("after the wait"));
    ModelChain chain = chain();

    ChainReply reply = answer(chain, request("hi"));

    assertEquals("after the wait", reply.text());
    assertNull(reply.fallbackFrom());
    assertEquals(2, models.calls(A));
    assertEquals(0, models.calls(B));
  }

  @Test
  void rateLimitWithLongRetryAfterCoolsDownAndFailsOverWithoutCountingAgainstTheBreaker() throws Exception {
    models.script(A, error(ModelErrorClass.RATE_LIMITED, Duration.ofSeconds(5)));
    ModelChain chain = chain();
    long before = System.currentTimeMillis();

    ChainReply reply = answer(chain, request("hi"));

    assertEquals(B, reply.model().toString());
    ModelStatus a = status(chain, A);
    assertEquals(State.COOLING_DOWN, a.state());
    assertTrue(a.until() >= before + 5_000 && a.until() <= System.currentTimeMillis() + 5_000, "until Retry-After");
    answer(chain, request("again"));
    assertEquals(1, models.calls(A), "a cooling model is skipped");
  }

  @Test
  void rateLimitWithoutRetryAfterCoolsDownForTheDefault() throws Exception {
    models.script(A, error(ModelErrorClass.RATE_LIMITED));
    ModelChain chain = chain();
    long before = System.currentTimeMillis();

    answer(chain, request("hi"));

    long until = status(chain, A).until();
    assertTrue(until >= before + 10_000 && until <= System.currentTimeMillis() + 10_000,
        "a 429 without Retry-After cools the model down for 10 s");
    assertEquals(0, models.calls(C));
  }

  @Test
  void authFailureDisablesTheModelForFifteenMinutes() throws Exception {
    models.script(A, error(ModelErrorClass.AUTH));
    ModelChain chain = chain();
    long before = System.currentTimeMillis();

    ChainReply reply = answer(chain, request("hi"));

    assertEquals(B, reply.model().toString());
    ModelStatus a = status(chain, A);
    assertEquals(State.DISABLED, a.state());
    assertTrue(a.reason().startsWith("auth"), a.reason());
    assertTrue(a.until() >= before + 15 * 60_000, "disabled for at least 15 minutes");
    answer(chain, request("again"));
    assertEquals(1, models.calls(A));
  }

  @Test
  void modelNotFoundDisablesTheModelForMinutes() throws Exception {
    models.script(A, error(ModelErrorClass.MODEL_NOT_FOUND));
    ModelChain chain = chain();
    long before = System.currentTimeMillis();

    assertEquals(B, answer(chain, request("hi")).model().toString());

    ModelStatus a = status(chain, A);
    assertEquals(State.DISABLED, a.state());
    assertTrue(a.until() >= before + 2 * 60_000 && a.until() < before + 15 * 60_000,
        "disabled for minutes, less than an auth failure");
  }

  @Test
  void contextOverflowRetriesOnceOnTheSameModelWithTheOldestTurnsDropped() throws Exception {
    ModelChain chain = chain(catalog(List.of(provider("local", model("a", 10_000, 100)), provider("remote", model("b"))),
        A, B));
    models.script(A, error(ModelErrorClass.CONTEXT_OVERFLOW), text("fits now"));
    List<ChatMessage> history = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      history.add(ChatMessage.user("question " + i + " " + "x".repeat(2_000)));
      history.add(ChatMessage.assistant("answer " + i + " " + "y".repeat(2_000)));
    }
    history.add(ChatMessage.user("the last question"));

    ChainReply reply = answer(chain, new ModelRequest(null, history, System.currentTimeMillis() + 5_000));

    assertEquals("fits now", reply.text());
    assertEquals(0, models.calls(B));
    List<ChatMessage> retried = models.requests(A).get(1).messages();
    assertTrue(retried.size() < history.size(), "older turns dropped");
    assertEquals(ChatMessage.user("the last question"), retried.get(retried.size() - 1));
    assertEquals(ChatMessage.Role.USER, retried.get(0).role());
    assertEquals(history, models.requests(A).get(0).messages(), "the estimate said it fits: sent whole first");
    assertTrue(models.requests(A).get(1).characterCount() <= 10_000 / 2 * 4, "fits half the window");
  }

  @Test
  void contextOverflowAfterTrimmingMovesToAModelWithALargerWindow() throws Exception {
    ModelChain chain = chain(catalog(List.of(provider("local", model("a", 10_000, 100)),
        provider("remote", model("b", 10_000, 100), model("c", 100_000, 100))), A, B, C));
    models.script(A, error(ModelErrorClass.CONTEXT_OVERFLOW));
    ModelRequest request = new ModelRequest(null, List.of(ChatMessage.user("old " + "x".repeat(30_000)),
        ChatMessage.assistant("ok"), ChatMessage.user("new question")), System.currentTimeMillis() + 5_000);

    ChainReply reply = answer(chain, request);

    assertEquals(C, reply.model().toString());
    assertEquals(2, models.calls(A), "one retry with the trimmed history");
    assertEquals(0, models.calls(B), "a window no larger than the one that overflowed is not tried");
    assertEquals(request.messages(), models.requests(C).get(0).messages(), "the larger model gets the whole history");
    assertEquals(State.CLOSED, status(chain, A).state());
  }

  @Test
  void aRequestTooLargeForAModelSkipsItWithoutARequest() throws Exception {
    ModelChain chain = chain(catalog(List.of(provider("local", model("a", 1_000, 200)), provider("remote", model("b"))),
        A, B));

    ChainReply reply = answer(chain, request("x".repeat(4_000)));

    assertEquals(B, reply.model().toString());
    assertEquals(0, models.calls(A));
  }

  @Test
  void aChosenModelTooSmallForTheHistoryGetsItTrimmed() throws Exception {
    ModelCatalog catalog = catalog(List.of(provider("local", model("a", 1_000, 200)), provider("remote", model("b"))),
        A, B);
    ModelChain chain = chain(catalog);
    ModelRequest request = new ModelRequest(null, List.of(ChatMessage.user("x".repeat(4_000)),
        ChatMessage.assistant("ok"), ChatMessage.user("short")), System.currentTimeMillis() + 5_000);

    ChainReply reply = answer(chain, request, resolved(catalog, A));

    assertEquals(A, reply.model().toString());
    assertEquals(List.of(ChatMessage.user("short")), models.requests(A).get(0).messages());
  }

  @Test
  void aConversationTooLongForEveryModelFailsAsContextOverflow() {
    models.script(A, error(ModelErrorClass.CONTEXT_OVERFLOW));
    models.script(B, error(ModelErrorClass.CONTEXT_OVERFLOW));
    models.script(C, error(ModelErrorClass.CONTEXT_OVERFLOW));

    ChainException failure = failure(chain(), request("hi"), null);

    assertEquals(AskFailure.CONTEXT_OVERFLOW, failure.failure());
  }

  @Test
  void badRequestStopsTheTurnWithoutTryingTheNextModel() {
    models.script(A, error(ModelErrorClass.BAD_REQUEST));
    ModelChain chain = chain();

    ChainException failure = failure(chain, request("hi"), null);

    assertEquals(AskFailure.INVALID_REQUEST, failure.failure());
    assertTrue(failure.getMessage().contains(A), failure.getMessage());
    assertEquals(0, models.calls(B));
    assertEquals(State.CLOSED, status(chain, A).state());
  }

  @Test
  void emptyReplyFailsOverAndIsCountedButDoesNotOpenTheBreaker() throws Exception {
    models.script(A, text("   "));
    ModelChain chain = chain();

    for (int turn = 0; turn < ChainFixtures.MAX_FAILURES + 1; turn++) {
      assertEquals("answer from " + B, answer(chain, request("hi")).text());
    }

    assertEquals(State.CLOSED, status(chain, A).state());
    assertEquals(ChainFixtures.MAX_FAILURES + 1, models.calls(A));
    assertTrue(metrics.scrape().contains(
        "switchboard_model_calls_total{model=\"local/a\",outcome=\"empty_reply\"} " + (ChainFixtures.MAX_FAILURES + 1)));
  }

  @Test
  void anUnavailableProviderIsSkippedWithItsReason() throws Exception {
    ModelChain chain = chain(catalog(List.of(provider("local", "LOCAL_KEY is not set", 3, 200, model("a")),
        provider("remote", model("b"))), A, B));

    ChainReply reply = answer(chain, request("hi"));

    assertEquals(B, reply.model().toString());
    assertEquals(A, reply.fallbackFrom().toString());
    assertEquals(0, models.calls(A));
    ModelStatus a = status(chain, A);
    assertEquals(State.UNAVAILABLE, a.state());
    assertEquals("LOCAL_KEY is not set", a.reason());
  }

  @Test
  void whenEveryModelFailsTheMessageNamesEachOutcome() {
    ModelChain chain = chain(catalog(List.of(provider("local", model("a")), provider("remote", model("b")),
        provider("hosted", "HOSTED_KEY is not set", 3, 200, model("c"))), A, B, "hosted/c"));
    models.script(A, error(ModelErrorClass.CONNECTION));
    models.script(B, error(ModelErrorClass.SERVER));

    ChainException failure = failure(chain, request("hi"), null);

    assertEquals(AskFailure.UNAVAILABLE, failure.failure());
    assertTrue(failure.getMessage().contains("local/a: connection"), failure.getMessage());
    assertTrue(failure.getMessage().contains("remote/b: server_error"), failure.getMessage());
    assertTrue(failure.getMessage().contains("hosted/c: unavailable (HOSTED_KEY is not set)"), failure.getMessage());
  }

  @Test
  void anExplicitlyChosenModelNeverFallsBack() {
    ModelCatalog catalog = catalog(providersAB(), A, B);
    models.script(B, error(ModelErrorClass.SERVER));

    ChainException failure = failure(chain(catalog), request("hi"), resolved(catalog, B));

    assertEquals(AskFailure.UNAVAILABLE, failure.failure());
    assertEquals(0, models.calls(A));
  }

  @Test
  void aFallbackLastsOneTurn() throws Exception {
    models.script(A, error(ModelErrorClass.SERVER), text("primary is back"));
    ModelChain chain = chain();

    ChainReply first = answer(chain, request("one"));
    ChainReply second = answer(chain, request("two"));

    assertEquals(B, first.model().toString());
    assertEquals(A, first.fallbackFrom().toString());
    assertEquals("primary is back", second.text());
    assertNull(second.fallbackFrom());
  }
}

package dev.switchboard.model;

import dev.switchboard.fakes.ClosedPort;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.config.ModelApi;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.switchboard.model.TestModels.ask;
import static dev.switchboard.model.TestModels.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hung, slow, stalled, broken and absent backends end in bounded time with the right class. */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ModelDeadlinesTest extends FakeBackendTestBase {

  private static final long FIRST_TOKEN_MS = 250;
  private static final long IDLE_MS = 250;
  /** Slack for a loaded 2-core machine; a wrong deadline (the generous 5 s) would still exceed it. */
  private static final long SLACK_MS = 1_500;

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void aHungBackendTimesOutAfterFirstTokenTimeout(ModelApi api, boolean stream) {
    fake.hang();
    assertTimedOut(() -> failureOf(tight(api, stream).generate(ask("Hi"))), ModelErrorClass.TIMEOUT, FIRST_TOKEN_MS);
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void headersAndBookkeepingEventsAreNotAFirstToken(ModelApi api, boolean stream) {
    fake.slowFirstToken(3_000);
    assertTimedOut(() -> failureOf(tight(api, stream).generate(ask("Hi"))), ModelErrorClass.TIMEOUT, FIRST_TOKEN_MS);
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void aSlowFirstTokenWithinTheLimitIsAnswered(ModelApi api, boolean stream) {
    fake.slowFirstToken(50);
    assertEquals(FakeModelServer.DEFAULT_REPLY, tight(api, stream).generate(ask("Hi")).await().text());
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void aStreamThatStallsAfterTheFirstTokenTimesOutAfterIdleTimeout(ModelApi api, boolean stream) {
    fake.stallAfterFirstToken();
    ModelClient client = clients.create(TestModels.model(api, fake.baseUrl(), stream, 5_000, IDLE_MS));
    assertTimedOut(() -> failureOf(client.generate(ask("Hi"))), ModelErrorClass.TIMEOUT, IDLE_MS);
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void theTurnDeadlineCapsTheModelDeadlines(ModelApi api, boolean stream) {
    fake.hang();
    ModelClient client = clients.create(TestModels.model(api, fake.baseUrl(), stream, 5_000, 5_000));
    ModelRequest request = new ModelRequest(null, List.of(ChatMessage.user("Hi")), System.currentTimeMillis() + 200);
    assertTimedOut(() -> failureOf(client.generate(request)), ModelErrorClass.DEADLINE, 200);
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void aStreamBrokenAfter200IsAFailure(ModelApi api, boolean stream) {
    fake.breakStreamAfter200();
    assertEquals(ModelErrorClass.BROKEN, failureOf(tight(api, stream).generate(ask("Hi"))).errorClass());
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void aStreamEndingWithoutItsTerminalEventIsMalformed(ModelApi api, boolean stream) {
    fake.next(FakeModelBehaviour.endWithoutTerminalEvent("Half an ans"));
    assertEquals(ModelErrorClass.MALFORMED, failureOf(tight(api, stream).generate(ask("Hi"))).errorClass());
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void aDeadPortIsAConnectionFailureAtOnce(ModelApi api, boolean stream) {
    ModelClient client = clients.create(TestModels.model(api, "http://127.0.0.1:" + ClosedPort.number() + "/v1", stream));
    assertTimedOut(() -> failureOf(client.generate(ask("Hi"))), ModelErrorClass.CONNECTION, 0);
  }

  @Test
  void aPassedDeadlineSendsNothing() {
    ModelRequest late = new ModelRequest(null, List.of(ChatMessage.user("Hi")), System.currentTimeMillis() - 1);
    assertEquals(ModelErrorClass.DEADLINE, failureOf(tight(ModelApi.OPENAI_RESPONSES, true).generate(late)).errorClass());
    assertEquals(List.of(), fake.requests());
  }

  @Test
  void theClientKeepsAnsweringAfterTimeouts() {
    ModelClient client = tight(ModelApi.OPENAI_COMPLETIONS, true);
    for (int i = 0; i < 3; i++) {
      fake.hang();
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(ModelErrorClass.TIMEOUT, failureOf(client.generate(ask("Hi"))).errorClass());
    }
    assertEquals(FakeModelServer.DEFAULT_REPLY, client.generate(ask("Hi")).await().text());
  }

  private static final long EARLY_MS = 20;

  private static ModelClient tight(ModelApi api, boolean stream) {
    return clients.create(TestModels.model(api, fake.baseUrl(), stream, FIRST_TOKEN_MS, IDLE_MS));
  }

  private static void assertTimedOut(Supplier<ModelException> call, ModelErrorClass expected, long afterMs) {
    long started = System.nanoTime();
    ModelException failure = call.get();
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals(expected, failure.errorClass(), failure.getMessage());
    // The deadline is set just before the clock starts here, so it may fire a few ms "early".
    assertTrue(elapsedMs >= afterMs - EARLY_MS && elapsedMs < afterMs + SLACK_MS, "failed after " + elapsedMs + " ms");
  }
}

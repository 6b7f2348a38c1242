package dev.switchboard.model;

import dev.switchboard.config.ModelApi;
import dev.switchboard.fakes.FakeModelBehaviour;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.switchboard.model.TestModels.ask;
import static dev.switchboard.model.TestModels.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every backend failure of DESIGN.md §4 reaches the chain with the right class, through real HTTP. */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ModelErrorClassesTest extends FakeBackendTestBase {

  static Stream<Arguments> failures() {
    Stream<Arguments> rows = Stream.of(
        row("500", FakeModelBehaviour.fail(500), ModelErrorClass.SERVER),
        row("502", FakeModelBehaviour.fail(502), ModelErrorClass.SERVER),
        row("503", FakeModelBehaviour.fail(503), ModelErrorClass.SERVER),
        row("504", FakeModelBehaviour.fail(504), ModelErrorClass.SERVER),
        row("529 overloaded", FakeModelBehaviour.fail(529), ModelErrorClass.SERVER),
        row("429", FakeModelBehaviour.rateLimited(7), ModelErrorClass.RATE_LIMITED),
        row("429 insufficient_quota", FakeModelBehaviour.quotaExceeded(), ModelErrorClass.AUTH),
        row("401", FakeModelBehaviour.unauthorized(), ModelErrorClass.AUTH),
        row("402", FakeModelBehaviour.fail(402), ModelErrorClass.AUTH),
        row("403", FakeModelBehaviour.fail(403), ModelErrorClass.AUTH),
        row("404 no models loaded", FakeModelBehaviour.noModelLoaded(), ModelErrorClass.MODEL_NOT_FOUND),
        row("LM Studio string error on 400", FakeModelBehaviour.fail(400,
            new JsonObject().put("error", "No models loaded. Please load a model first.")), ModelErrorClass.MODEL_NOT_FOUND),
        row("context overflow", FakeModelBehaviour.contextOverflow(), ModelErrorClass.CONTEXT_OVERFLOW),
        row("vLLM max_model_len", FakeModelBehaviour.fail(400, new JsonObject().put("object", "error")
            .put("message", "engine prompt length 40000 exceeds the max_model_len 32768").put("type", "BadRequestError")
            .put("code", 400)), ModelErrorClass.CONTEXT_OVERFLOW),
        row("413", FakeModelBehaviour.fail(413), ModelErrorClass.CONTEXT_OVERFLOW),
        row("400", FakeModelBehaviour.badRequest(), ModelErrorClass.BAD_REQUEST),
        row("422", FakeModelBehaviour.fail(422), ModelErrorClass.BAD_REQUEST),
        row("stream broken after 200", FakeModelBehaviour.breakStreamAfter200("Hello"), ModelErrorClass.BROKEN),
        row("truncated 2xx body", FakeModelBehaviour.endWithoutTerminalEvent("Hello"), ModelErrorClass.MALFORMED),
        row("failure reported in a 200", FakeModelBehaviour.responseFailedEvent("server_error"), ModelErrorClass.SERVER));
    return rows.flatMap(row -> Stream.of(ModelApi.values()).flatMap(api -> Stream.of(
        Arguments.of(row.get()[0], api, true, row.get()[1], row.get()[2]),
        Arguments.of(row.get()[0], api, false, row.get()[1], row.get()[2]))));
  }

  @ParameterizedTest(name = "{0}: {1}, stream={2}")
  @MethodSource
  void failures(String name, ModelApi api, boolean stream, FakeModelBehaviour behaviour, ModelErrorClass expected) {
    fake.next(behaviour);
    ModelException failure = failureOf(client(api, stream).generate(ask("Hi")));
    assertEquals(expected, failure.errorClass(), failure.getMessage());
    assertFalse(failure.getMessage().contains(TestModels.API_KEY));
    assertFalse(failure.getMessage().contains("sk-fake"), failure.getMessage());
  }

  @ParameterizedTest
  @EnumSource(ModelApi.class)
  void rateLimitTellsWhenToRetry(ModelApi api) {
    fake.rateLimited(7);
    ModelException failure = failureOf(client(api, false).generate(ask("Hi")));
    assertEquals(429, failure.httpStatus());
    assertEquals(Duration.ofSeconds(7), failure.retryAfter());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource
  void responsesFailedEventsAreClassifiedByTheirCode(String code, ModelErrorClass expected) {
    fake.next(FakeModelBehaviour.responseFailedEvent(code));
    assertEquals(expected, failureOf(client(ModelApi.OPENAI_RESPONSES, true).generate(ask("Hi"))).errorClass());
  }

  static Stream<Arguments> responsesFailedEventsAreClassifiedByTheirCode() {
    return Stream.of(
        Arguments.of("server_error", ModelErrorClass.SERVER),
        Arguments.of("rate_limit_exceeded", ModelErrorClass.RATE_LIMITED),
        Arguments.of("context_length_exceeded", ModelErrorClass.CONTEXT_OVERFLOW),
        Arguments.of("invalid_prompt", ModelErrorClass.BAD_REQUEST));
  }

  private static Arguments row(String name, FakeModelBehaviour behaviour, ModelErrorClass expected) {
    return Arguments.of(name, behaviour, expected);
  }
}

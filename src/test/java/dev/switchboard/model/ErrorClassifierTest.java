package dev.switchboard.model;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ErrorClassifierTest {

  static Stream<Arguments> httpErrors() {
    return Stream.of(
        arguments(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}", ModelErrorClass.SERVER),
        arguments(502, "<html>Bad Gateway</html>", ModelErrorClass.SERVER),
        arguments(503, "", ModelErrorClass.SERVER),
        arguments(504, "", ModelErrorClass.SERVER),
        arguments(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", ModelErrorClass.SERVER),
        arguments(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}", ModelErrorClass.RATE_LIMITED),
        arguments(429, "{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}", ModelErrorClass.AUTH),
        arguments(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}", ModelErrorClass.AUTH),
        arguments(402, "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"credit\"}}", ModelErrorClass.AUTH),
        arguments(403, "", ModelErrorClass.AUTH),
        arguments(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Your credit balance is too low to access the Anthropic API.\"}}", ModelErrorClass.AUTH),
        arguments(404, "{\"error\":{\"message\":\"The model x does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}", ModelErrorClass.MODEL_NOT_FOUND),
        arguments(400, "{\"error\":\"No models loaded. Please load a model.\"}", ModelErrorClass.MODEL_NOT_FOUND),
        arguments(400, "{\"error\":{\"message\":\"Your input exceeds the context window\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}", ModelErrorClass.CONTEXT_OVERFLOW),
        arguments(400, "{\"object\":\"error\",\"message\":\"engine prompt length 9000 exceeds the max_model_len 8192\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}", ModelErrorClass.CONTEXT_OVERFLOW),
        arguments(400, "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens.\",\"type\":\"invalid_request_error\"}}", ModelErrorClass.CONTEXT_OVERFLOW),
        arguments(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 212000 tokens > 200000 maximum\"}}", ModelErrorClass.CONTEXT_OVERFLOW),
        arguments(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"input length and `max_tokens` exceed context limit\"}}", ModelErrorClass.CONTEXT_OVERFLOW),
        arguments(413, "{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"Request exceeds the maximum size\"}}", ModelErrorClass.CONTEXT_OVERFLOW),
        arguments(400, "{\"error\":{\"message\":\"Unsupported parameter\",\"type\":\"invalid_request_error\",\"code\":\"unsupported_parameter\"}}", ModelErrorClass.BAD_REQUEST),
        arguments(422, "{\"detail\":[{\"msg\":\"field required\"}]}", ModelErrorClass.BAD_REQUEST));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource
  void httpErrors(int status, String body, ModelErrorClass expected) {
    ModelException failure = ErrorClassifier.fromResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
    assertEquals(expected, failure.errorClass());
    assertEquals(status, failure.httpStatus());
  }

  @ParameterizedTest(name = "event code {0} -> {1}")
  @MethodSource
  void streamErrorEvents(String code, ModelErrorClass expected) {
    assertEquals(expected, ErrorClassifier.fromEvent("response.failed", code, null, "failed").errorClass());
  }

  static Stream<Arguments> streamErrorEvents() {
    return Stream.of(
        arguments("server_error", ModelErrorClass.SERVER),
        arguments(null, ModelErrorClass.SERVER),
        arguments("overloaded_error", ModelErrorClass.SERVER),
        arguments("rate_limit_exceeded", ModelErrorClass.RATE_LIMITED),
        arguments("context_length_exceeded", ModelErrorClass.CONTEXT_OVERFLOW),
        arguments("invalid_prompt", ModelErrorClass.BAD_REQUEST));
  }

  @Test
  void retryAfterIsReadInMillisecondsSecondsOrAsADate() {
    assertEquals(Duration.ofMillis(1500), ErrorClassifier.retryAfter(headers("retry-after-ms", "1500")));
    assertEquals(Duration.ofSeconds(7), ErrorClassifier.retryAfter(headers("Retry-After", "7")));
    String inOneMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));
    Duration untilDate = ErrorClassifier.retryAfter(headers("Retry-After", inOneMinute));
    assertTrue(untilDate.toSeconds() > 50 && untilDate.toSeconds() <= 60, untilDate.toString());
    assertNull(ErrorClassifier.retryAfter(headers("Retry-After", "soon")));
    assertNull(ErrorClassifier.retryAfter(MultiMap.caseInsensitiveMultiMap()));
  }

  @Test
  void rateLimitCarriesRetryAfter() {
    ModelException failure = ErrorClassifier.fromResponse(429, headers("Retry-After", "3"), Buffer.buffer());
    assertEquals(Duration.ofSeconds(3), failure.retryAfter());
  }

  @Test
  void authenticationMessagesDoNotQuoteTheBackend() {
    ModelException failure = ErrorClassifier.fromResponse(401, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(
        "{\"error\":{\"message\":\"Incorrect API key provided: sk-abc***wxyz\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
    assertEquals(ModelErrorClass.AUTH, failure.errorClass());
    assertFalse(failure.getMessage().contains("sk-abc"), failure.getMessage());
  }

  @Test
  void longBackendMessagesAreShortened() {
    String longMessage = "x".repeat(5_000);
    ModelException failure = ErrorClassifier.fromResponse(500, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(longMessage));
    assertTrue(failure.getMessage().length() < 300, failure.getMessage());
  }

  private static MultiMap headers(String name, String value) {
    return MultiMap.caseInsensitiveMultiMap().add(name, value);
  }
}

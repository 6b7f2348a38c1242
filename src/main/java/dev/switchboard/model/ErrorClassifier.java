package dev.switchboard.model;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a backend's failure (an HTTP status and error body, or an error event inside a 200 stream)
 * into a {@link ModelException} whose class tells the chain what to do (DESIGN.md §4). Understands
 * the error bodies of OpenAI, Anthropic, vLLM ({@code object:"error"}) and LM Studio ({@code error}
 * as a plain string). Messages are short and never echo authentication details.
 */
final class ErrorClassifier {

  static final int MAX_MESSAGE_CHARS = 200;

  /** Error codes and types that decide the class on their own, whatever the status says. */
  private static final Map<String, ModelErrorClass> BY_CODE = Map.ofEntries(
      Map.entry("context_length_exceeded", ModelErrorClass.CONTEXT_OVERFLOW),
      Map.entry("request_too_large", ModelErrorClass.CONTEXT_OVERFLOW),
      Map.entry("insufficient_quota", ModelErrorClass.AUTH),
      Map.entry("invalid_api_key", ModelErrorClass.AUTH),
      Map.entry("authentication_error", ModelErrorClass.AUTH),
      Map.entry("permission_error", ModelErrorClass.AUTH),
      Map.entry("billing_error", ModelErrorClass.AUTH),
      Map.entry("model_not_found", ModelErrorClass.MODEL_NOT_FOUND),
      Map.entry("not_found_error", ModelErrorClass.MODEL_NOT_FOUND),
      Map.entry("rate_limit_exceeded", ModelErrorClass.RATE_LIMITED),
      Map.entry("rate_limit_error", ModelErrorClass.RATE_LIMITED),
      Map.entry("server_error", ModelErrorClass.SERVER),
      Map.entry("api_error", ModelErrorClass.SERVER),
      Map.entry("overloaded_error", ModelErrorClass.SERVER),
      Map.entry("server_is_overloaded", ModelErrorClass.SERVER),
      Map.entry("slow_down", ModelErrorClass.SERVER),
      Map.entry("timeout_error", ModelErrorClass.TIMEOUT),
      Map.entry("invalid_prompt", ModelErrorClass.BAD_REQUEST));

  /** Billing problems some backends report as a 400 or 429 (Anthropic's credit balance, OpenAI's quota). */
  private static final String[] QUOTA_WORDING = {"exceeded your current quota", "credit balance is too low", "insufficient credits"};

  private static final String[] CONTEXT_OVERFLOW_WORDING = {
      "max_model_len", "maximum context length", "context window", "context length", "prompt is too long",
      "exceed context limit", "context_length_exceeded"};

  private ErrorClassifier() {
  }

  /** A non-2xx answer. */
  static ModelException fromResponse(int status, MultiMap headers, Buffer body) {
    ErrorBody error = ErrorBody.parse(body);
    ModelErrorClass errorClass = classify(status, error);
    Duration retryAfter = errorClass == ModelErrorClass.RATE_LIMITED || status == 503 ? retryAfter(headers) : null;
    return new ModelException(errorClass, status, retryAfter, describe("HTTP " + status, errorClass, error));
  }

  /** An error reported inside a 200 stream or body ({@code response.failed}, {@code error} events). */
  static ModelException fromEvent(String source, String code, String type, String message) {
    ErrorBody error = new ErrorBody(code, type, message);
    ModelErrorClass errorClass = classify(0, error);
    return new ModelException(errorClass, describe(source, errorClass, error));
  }

  private static ModelErrorClass classify(int status, ErrorBody error) {
    String message = error.message() == null ? "" : error.message().toLowerCase(Locale.ROOT);
    ModelErrorClass byCode = lookup(error.code());
    if (byCode == null && contains(message, QUOTA_WORDING)) {
      byCode = ModelErrorClass.AUTH;
    }
    if (byCode == null) {
      byCode = lookup(error.type());
    }
    if (byCode != null) {
      return byCode;
    }
    if (status == 413 || contains(message, CONTEXT_OVERFLOW_WORDING)) {
      return ModelErrorClass.CONTEXT_OVERFLOW;
    }
    if (message.contains("no models loaded")) {
      return ModelErrorClass.MODEL_NOT_FOUND;
    }
    return byStatus(status);
  }

  private static ModelErrorClass byStatus(int status) {
    if (status == 0 || status >= 500) {
      return ModelErrorClass.SERVER;
    }
    return switch (status) {
      case 401, 402, 403 -> ModelErrorClass.AUTH;
      case 404 -> ModelErrorClass.MODEL_NOT_FOUND;
      case 408 -> ModelErrorClass.TIMEOUT;
      case 429 -> ModelErrorClass.RATE_LIMITED;
      default -> status >= 400 ? ModelErrorClass.BAD_REQUEST : ModelErrorClass.MALFORMED;
    };
  }

  private static ModelErrorClass lookup(String code) {
    return code == null ? null : BY_CODE.get(code.toLowerCase(Locale.ROOT));
  }

  private static boolean contains(String text, String[] needles) {
    for (String needle : needles) {
      if (text.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /** {@code retry-after-ms} (OpenAI), else {@code Retry-After} in seconds or as an HTTP date; null when absent. */
  static Duration retryAfter(MultiMap headers) {
    try {
      String millis = headers.get("retry-after-ms");
      if (millis != null) {
        return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.trim())));
      }
      String value = headers.get("retry-after");
      if (value == null || value.isBlank()) {
        return null;
      }
      value = value.trim();
      if (Character.isDigit(value.charAt(0))) {
        return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value) * 1000)));
      }
      Duration untilDate = Duration.between(ZonedDateTime.now(),
          ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
      return untilDate.isNegative() ? Duration.ZERO : untilDate;
    } catch (NumberFormatException | DateTimeParseException e) {
      return null;
    }
  }

  private static String describe(String source, ModelErrorClass errorClass, ErrorBody error) {
    StringBuilder text = new StringBuilder(source).append(' ').append(errorClass.code());
    String code = error.code() != null ? error.code() : error.type();
    if (code != null) {
      text.append(" (").append(truncate(code, 60)).append(')');
    }
    // Authentication messages may quote part of the key: keep them out of logs and replies.
    if (errorClass != ModelErrorClass.AUTH && error.message() != null && !error.message().isBlank()) {
      text.append(": ").append(truncate(error.message().strip(), MAX_MESSAGE_CHARS));
    }
    return text.toString();
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  /** The fields of an error body, whatever its dialect; any of them may be null. */
  private record ErrorBody(String code, String type, String message) {

    static ErrorBody parse(Buffer body) {
      if (body == null || body.length() == 0) {
        return new ErrorBody(null, null, null);
      }
      JsonObject json;
      try {
        json = body.toJsonObject();
      } catch (RuntimeException notJson) {
        return new ErrorBody(null, null, body.toString());
      }
      Object error = json.getValue("error");
      if (error instanceof JsonObject nested) {
        return new ErrorBody(text(nested.getValue("code")), text(nested.getValue("type")), text(nested.getValue("message")));
      }
      if (error instanceof String message) {
        return new ErrorBody(null, null, message);
      }
      // vLLM: {object:"error", message, type, code:400}; FastAPI servers: {detail}
      String message = json.getValue("message") != null ? text(json.getValue("message")) : text(json.getValue("detail"));
      Object code = json.getValue("code");
      return new ErrorBody(code instanceof String ? (String) code : null, text(json.getValue("type")), message);
    }

    private static String text(Object value) {
      return value == null ? null : value.toString();
    }
  }
}

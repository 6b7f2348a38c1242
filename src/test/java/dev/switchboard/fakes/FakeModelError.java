package dev.switchboard.fakes;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * An error answer of the fake model server, rendered in each API's own shape.
 *
 * @param type             the OpenAI {@code error.type}; Anthropic bodies derive theirs from the status
 * @param code             the OpenAI {@code error.code}, or null
 * @param anthropicMessage the message of the Anthropic body when it words the error differently
 * @param rawBody          a body sent as is, whatever the API (vLLM and LM Studio dialects), or null
 * @param headers          extra response headers (Retry-After)
 */
public record FakeModelError(int status, String type, String code, String message, String anthropicMessage,
                             JsonObject rawBody, Map<String, String> headers) {

  static FakeModelError of(int status, String type, String code, String message) {
    return new FakeModelError(status, type, code, message, message, null, Map.of());
  }

  /** {@code {error:{message,type,param,code}}}: OpenAI, and what OpenAI-compatible servers copy. */
  JsonObject openAiBody() {
    if (rawBody != null) {
      return rawBody;
    }
    return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
        .putNull("param").put("code", code));
  }

  /** {@code {type:"error", error:{type,message}, request_id}}. */
  JsonObject anthropicBody() {
    if (rawBody != null) {
      return rawBody;
    }
    return new JsonObject().put("type", "error")
        .put("error", new JsonObject().put("type", anthropicType()).put("message", anthropicMessage))
        .put("request_id", "req_fake");
  }

  private String anthropicType() {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> status < 500 ? "invalid_request_error" : "api_error";
    };
  }
}

package dev.switchboard.channel.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** An error answered in OpenAI's shape {@code {"error":{message,type,param,code}}}. */
final class ApiError extends RuntimeException {

  private final int status;
  private final String type;
  private final String code;
  private final String param;

  ApiError(int status, String type, String code, String param, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  static ApiError invalid(String param, String message) {
    return new ApiError(400, "invalid_request_error", null, param, message);
  }

  int status() {
    return status;
  }

  /** Answers the exchange with this error, unless it was answered already. */
  void send(RoutingContext ctx) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(toJson().encode());
    }
  }

  JsonObject toJson() {
    return new JsonObject().put("error", new JsonObject().put("message", getMessage()).put("type", type)
        .put("param", param).put("code", code));
  }
}

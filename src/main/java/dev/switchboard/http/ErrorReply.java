package dev.switchboard.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The error body every HTTP surface answers with, so the gateway and the channels' webhooks agree. */
public final class ErrorReply {

  private ErrorReply() {
  }

  /** Ends the exchange with {@code {"error":{message,type,code}}}, OpenAI's error shape. */
  public static void send(RoutingContext ctx, int status, String type, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
            .put("code", (String) null)).encode());
  }
}

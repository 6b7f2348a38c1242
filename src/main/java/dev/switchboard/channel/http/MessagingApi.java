package dev.switchboard.channel.http;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.RefusedRequest;
import dev.switchboard.bus.Refusal;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP side of DESIGN §14, for applications that are not on the event bus: {@code POST /v1/messages}
 * ({@link Addresses#SEND}, 202 once queued), {@code POST /v1/sessions/{session}/handover}
 * ({@link Addresses#HANDOVER}) and {@code GET /v1/events} (Server-Sent Events, {@link EventStream}).
 * Mounted after {@link OpenAiApi}, whose {@code /v1/*} bearer-token check guards these routes too.
 * Refusals are answered in the same error shape, with the {@link Refusal} as {@code code}.
 */
public final class MessagingApi {

  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(20_000);

  private final Vertx vertx;
  private final EventStream events;

  /** @param events the node's log, which every gateway instance's API streams */
  public MessagingApi(Vertx vertx, HttpApiOptions options, EventLog events) {
    this.vertx = vertx;
    this.events = new EventStream(vertx, events, options.eventsBufferBytes());
  }

  public void mount(Router router) {
    router.post("/v1/messages").handler(this::send);
    router.post("/v1/sessions/:session/handover").handler(this::handover);
    router.get("/v1/events").handler(events::open);
  }

  private void send(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.SEND, body, REQUEST)
        .onSuccess(receipt -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(receipt.body().encode()))
        .onFailure(failure -> refuse(ctx, RefusedRequest.from(failure)));
  }

  private void handover(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      return;
    }
    body.put("session", ctx.pathParam("session"));
    vertx.eventBus().<JsonObject>request(Addresses.HANDOVER, body, REQUEST)
        .onSuccess(answer -> ctx.json(answer.body()))
        .onFailure(failure -> refuse(ctx, RefusedRequest.from(failure)));
  }

  /** The request's JSON object; null when it has none, the caller then refused with the reason. */
  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return RequestJson.object(ctx.body().buffer());
    } catch (RequestJson.Unusable unusable) {
      refuse(ctx, new RefusedRequest(Refusal.INVALID_REQUEST, unusable.getMessage()));
      return null;
    }
  }

  private static void refuse(RoutingContext ctx, RefusedRequest refused) {
    Refusal refusal = refused.refusal();
    String type = refusal.status() >= 500 ? "server_error" : "invalid_request_error";
    new ApiError(refusal.status(), type, refusal.code(), null, refused.getMessage()).send(ctx);
  }
}

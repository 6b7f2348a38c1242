package dev.switchboard.cli;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.model.ModelClients;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.InMemorySessionHistory;
import dev.switchboard.routing.RouterVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * A router without the gateway, for the one-shot commands: asks go through the same chain, breakers
 * and final-text filter as the running bridge. Blocking by design: it runs on the CLI's main thread.
 */
final class LocalRouter implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final DeliveryOptions askOptions;

  LocalRouter(SwitchboardConfig config) {
    this.askOptions = new DeliveryOptions().setSendTimeout(config.agent().timeoutSeconds() * 1000L + 5_000);
    vertx.deployVerticle(new RouterVerticle(config.models(), new ModelClients(vertx), new InMemorySessionHistory(),
        new Metrics())).await();
  }

  /** One turn; throws the bus failure (a ReplyException with the AskFailure code) when there is no answer. */
  AskReply ask(AskRequest request) {
    JsonObject body = vertx.eventBus().<JsonObject>request(Addresses.ASK, request.toJson(), askOptions).await().body();
    return AskReply.fromJson(body);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}

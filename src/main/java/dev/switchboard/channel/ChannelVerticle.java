package dev.switchboard.channel;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat platform. Inbound, it mounts its webhook routes on the gateway's router (they run on the
 * gateway's event loop, so whatever they share must be thread-safe), verifies, parses and publishes
 * {@code InboundMessage}s on {@link Addresses#INBOUND}. Outbound, it consumes
 * {@code switchboard.outbound.<name>} and delivers each {@link Reply} through the platform's API.
 */
public abstract class ChannelVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelVerticle.class);

  private final Router gatewayRouter;
  private MessageConsumer<JsonObject> outbound;

  protected ChannelVerticle(Router gatewayRouter) {
    this.gatewayRouter = gatewayRouter;
  }

  /** The channel's name: {@code whatsapp}, {@code telegram}, {@code slack}. */
  public abstract String name();

  /** Learns what the channel needs before accepting traffic (the bot's own identity, say). */
  protected Future<Void> prepare() {
    return Future.succeededFuture();
  }

  /** Adds the webhook routes, with full paths ({@code /webhooks/<name>}). */
  protected abstract void mountWebhooks(Router router);

  /** Sends the reply to the platform; the future fails only when the reply could not be delivered. */
  protected abstract Future<Void> deliver(Reply reply);

  @Override
  public Future<?> start() {
    return prepare().compose(ready -> {
      mountWebhooks(gatewayRouter);
      outbound = vertx.eventBus().consumer(Addresses.outbound(name()),
          message -> deliverAndLog(Reply.fromJson(message.body())));
      return outbound.completion();
    });
  }

  /**
   * Runs a parsed, verified message through the gate and acts on the decision: PUBLISH sends it to
   * the router on {@link Addresses#INBOUND}; REPLY delivers the gate's text (a pairing code, a
   * rate-limit notice) in the same chat, without waiting for it. Completes once the message is on
   * the bus or dropped, so the webhook handler acknowledges the platform after it; fails only when
   * the gate could not decide (see {@link ChannelGate#admit}).
   */
  protected Future<GateDecision> receive(ChannelGate gate, InboundMessage message) {
    return gate.admit(message).onSuccess(decision -> {
      switch (decision.action()) {
        case PUBLISH -> vertx.eventBus().send(Addresses.INBOUND, message.toJson());
        case REPLY -> deliverAndLog(Reply.to(message, decision.text(), null, null));
        case IGNORE -> {
          // the gate logged why
        }
      }
    });
  }

  private void deliverAndLog(Reply reply) {
    deliver(reply).onFailure(failure ->
        LOG.warn("{}: reply to {} not delivered: {}", name(), reply.inboundId(), failure.getMessage()));
  }

  @Override
  public Future<?> stop() {
    return outbound == null ? Future.succeededFuture() : outbound.unregister();
  }
}

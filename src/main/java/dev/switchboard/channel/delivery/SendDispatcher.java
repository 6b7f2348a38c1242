package dev.switchboard.channel.delivery;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Refusal;
import dev.switchboard.bus.RefusedRequest;
import dev.switchboard.bus.SendRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * Serves {@link Addresses#SEND}: checks the request, then hands it to the named channel, which checks
 * what only it knows (WhatsApp's 24-hour window), queues it and answers. A channel that is not
 * running, or that this bridge does not have, is {@link Refusal#UNKNOWN_CHANNEL}.
 */
public final class SendDispatcher {

  private static final DeliveryOptions TO_CHANNEL = new DeliveryOptions().setSendTimeout(15_000);

  private SendDispatcher() {
  }

  public static Future<MessageConsumer<Object>> register(Vertx vertx) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.SEND, message -> {
      SendRequest request;
      try {
        request = SendRequest.fromJson(message.body());
      } catch (RefusedRequest refused) {
        refused.failReply(message);
        return;
      }
      vertx.eventBus().<JsonObject>request(Addresses.sendVia(request.channel()), request.toJson(), TO_CHANNEL)
          .onSuccess(answer -> message.reply(answer.body()))
          .onFailure(failure -> {
            boolean noChannel = failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
            RefusedRequest refused = noChannel
                ? new RefusedRequest(Refusal.UNKNOWN_CHANNEL, "no channel \"" + request.channel()
                    + "\" is running (configured and started: see /readyz)")
                : RefusedRequest.from(failure);
            refused.failReply(message);
          });
    });
    return consumer.completion().map(consumer);
  }
}

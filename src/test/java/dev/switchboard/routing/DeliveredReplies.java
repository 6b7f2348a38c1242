package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Reply;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;

/** The replies the router delivers to one channel's outbound address, in delivery order. */
final class DeliveredReplies {

  private final List<Promise<Reply>> replies;
  private final AtomicInteger delivered = new AtomicInteger();

  private DeliveredReplies(int capacity) {
    replies = IntStream.range(0, capacity).mapToObj(i -> Promise.<Reply>promise()).toList();
  }

  /** Takes the first {@code capacity} replies to {@code channel}; the consumer is registered on return. */
  static DeliveredReplies listen(Vertx vertx, String channel, int capacity) throws TimeoutException {
    DeliveredReplies delivery = new DeliveredReplies(capacity);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.outbound(channel),
        message -> delivery.replies.get(delivery.delivered.getAndIncrement()).complete(Reply.fromJson(message.body())));
    consumer.completion().await(AWAIT_SECONDS, TimeUnit.SECONDS);
    return delivery;
  }

  /** The reply delivered {@code index}-th (from 0), once it has arrived. */
  Reply reply(int index) throws TimeoutException {
    return replies.get(index).future().await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }
}

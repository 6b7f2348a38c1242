package dev.switchboard.channel.slack;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Reply;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Posts the chunks of one reply in order, each after the previous one succeeded, in the reply's
 * thread. When a chunk cannot be delivered the rest are dropped (a reply with a hole in it reads
 * worse than a short one) and a {@code delivery_failed} event is published on
 * {@link Addresses#EVENTS}; the returned future fails so that the caller logs it once.
 */
public final class SlackSender {

  private final SlackClient client;
  private final EventBus eventBus;

  public SlackSender(SlackClient client, EventBus eventBus) {
    this.client = client;
    this.eventBus = eventBus;
  }

  /** Sends the already formatted {@code chunks} of {@code reply}. */
  public Future<Void> send(Reply reply, List<String> chunks) {
    Future<Void> sent = Future.succeededFuture();
    for (int i = 0; i < chunks.size(); i++) {
      String chunk = chunks.get(i);
      int index = i;
      sent = sent.compose(previous -> client.postMessage(reply.chatId(), reply.threadId(), chunk)
          .recover(failure -> reportFailure(reply, index, chunks.size(), failure))
          .mapEmpty());
    }
    return sent;
  }

  private Future<String> reportFailure(Reply reply, int index, int total, Throwable failure) {
    String error = failure instanceof SlackApiException api ? api.error() : "internal_error";
    eventBus.publish(Addresses.EVENTS, new JsonObject()
        .put("type", "delivery_failed").put("channel", "slack").put("error", error)
        .put("inboundId", reply.inboundId()).put("chatId", reply.chatId())
        .put("chunksSent", index).put("chunks", total));
    return Future.failedFuture(failure);
  }
}

package dev.switchboard.channel;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs deliveries one at a time per chat, in the order they were submitted, so that two replies to
 * the same chat never interleave their chunks. Confined to its verticle's context: call it, and let
 * the deliveries complete, on that context only.
 */
final class ChatLanes {

  private final Map<String, Future<Void>> tails = new HashMap<>();

  /** Starts {@code delivery} once every delivery submitted before it for {@code chat} has finished. */
  void run(String chat, Supplier<Future<Void>> delivery) {
    Future<Void> previous = tails.getOrDefault(chat, Future.succeededFuture());
    Future<Void> mine = previous.transform(done -> start(delivery));
    tails.put(chat, mine);
    mine.onComplete(done -> tails.remove(chat, mine));
  }

  private static Future<Void> start(Supplier<Future<Void>> delivery) {
    try {
      return delivery.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}

package dev.switchboard.channel.delivery;

import io.vertx.core.Future;

/**
 * Whether this node may still send a chunk, asked again before each attempt that follows a wait (the
 * platform's pace, a retry's backoff or {@code Retry-After}) or another call (a correction the platform
 * asked for at once, such as Telegram's plain-text resend): in a cluster the chat's claim can be taken
 * over meanwhile, and the node that took it sends the chunk itself (DESIGN.md §10.1).
 */
@FunctionalInterface
public interface SendPermit {

  /** One node: nothing takes a chat away. */
  SendPermit ALWAYS = () -> Future.succeededFuture(true);

  /** True while the chunk is still this node's to send; false or failed (the store could not say) when not. */
  Future<Boolean> holds();

  /** Succeeds while the permit holds, else fails with {@link Withdrawn}. */
  default Future<Void> confirmed() {
    return holds().transform(held -> held.succeeded() && held.result()
        ? Future.succeededFuture()
        : Future.failedFuture(new Withdrawn(held.failed() ? held.cause().getMessage() : "taken over by another node")));
  }

  /** A send stopped before an attempt: the chunk is no longer this node's to send, and did not fail. */
  final class Withdrawn extends RuntimeException {

    Withdrawn(String why) {
      super("not sent, no longer this node's to send: " + why, null, false, false);
    }
  }
}

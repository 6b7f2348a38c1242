package dev.switchboard.routing;

import dev.switchboard.bus.AskFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one at a time per session key, in the order they were submitted, so that
 * a conversation's turns never overlap. Confined to one context: call it only from that context's
 * thread; completions hop back to it. A session holds at most {@link #MAX_PENDING} tasks (the running one
 * included); past that a task fails at once with {@link AskFailure#BUSY} instead of queueing.
 */
final class SessionLanes {

  /** Turns a session may have running and waiting; an ask past it gets 429 rather than a place in line. */
  static final int MAX_PENDING = 32;

  private final Context context;
  private final Map<String, Deque<Runnable>> lanes = new HashMap<>();

  SessionLanes(Context context) {
    this.context = context;
  }

  /** Runs {@code task} once every task submitted before it for {@code key} has finished. */
  <T> Future<T> run(String key, Supplier<Future<T>> task) {
    Deque<Runnable> waiting = lanes.get(key);
    if (waiting != null && waiting.size() >= MAX_PENDING) {
      return Future.failedFuture(new ChainException(AskFailure.BUSY, "the conversation already has "
          + MAX_PENDING + " turns waiting; try again once they are answered"));
    }
    Promise<T> result = Promise.promise();
    Deque<Runnable> lane = lanes.computeIfAbsent(key, k -> new ArrayDeque<>());
    lane.add(() -> start(task).onComplete(outcome -> context.runOnContext(v -> {
      result.handle(outcome);
      finished(key);
    })));
    if (lane.size() == 1) {
      lane.peek().run();
    }
    return result.future();
  }

  private static <T> Future<T> start(Supplier<Future<T>> task) {
    try {
      return task.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void finished(String key) {
    Deque<Runnable> lane = lanes.get(key);
    lane.poll();
    if (lane.isEmpty()) {
      lanes.remove(key);
    } else {
      lane.peek().run();
    }
  }
}

package dev.switchboard.lanes;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one at a time per key, in the order they were submitted: a session's turns
 * in the router, a chat's replies in a channel. Confined to the context of the verticle that owns it,
 * so it needs no lock: call it only from that context's thread; completions hop back to it, whatever
 * thread completed the task. Lanes may be bounded: a key then holds at most {@code maxPending} tasks (the
 * running one included), and a task past that fails at once instead of queueing. Every task running or
 * waiting counts in the node's {@link Backlog}, if one is given.
 */
public final class Lanes {

  private final Context context;
  private final int maxPending;
  private final Supplier<? extends RuntimeException> whenFull;
  private final Backlog backlog;
  private final Map<String, Deque<Runnable>> lanes = new HashMap<>();
  private final List<Promise<Void>> awaitingIdle = new ArrayList<>();

  /** Unbounded lanes: a chat's replies are journaled and must all go out. */
  public Lanes(Context context) {
    this(context, Backlog.unbounded());
  }

  /** Unbounded lanes whose tasks count in {@code backlog}. */
  public Lanes(Context context, Backlog backlog) {
    this(context, Integer.MAX_VALUE, () -> new IllegalStateException("unbounded lanes are never full"), backlog);
  }

  /** Lanes of at most {@code maxPending} tasks per key; a task past it fails with {@code whenFull}'s exception. */
  public Lanes(Context context, int maxPending, Supplier<? extends RuntimeException> whenFull) {
    this(context, maxPending, whenFull, Backlog.unbounded());
  }

  /** As {@link #Lanes(Context, int, Supplier)}, the tasks counting in {@code backlog}. */
  public Lanes(Context context, int maxPending, Supplier<? extends RuntimeException> whenFull, Backlog backlog) {
    this.context = context;
    this.maxPending = maxPending;
    this.whenFull = whenFull;
    this.backlog = backlog;
  }

  /** Runs {@code task} once every task submitted before it for {@code key} has finished. */
  public <T> Future<T> run(String key, Supplier<Future<T>> task) {
    Deque<Runnable> waiting = lanes.get(key);
    if (waiting != null && waiting.size() >= maxPending) {
      return Future.failedFuture(whenFull.get());
    }
    Promise<T> result = Promise.promise();
    Deque<Runnable> lane = lanes.computeIfAbsent(key, k -> new ArrayDeque<>());
    backlog.added();
    lane.add(() -> start(task).onComplete(outcome -> context.runOnContext(v -> {
      result.handle(outcome);
      finished(key);
    })));
    if (lane.size() == 1) {
      lane.peek().run();
    }
    return result.future();
  }

  /** Whether a task of {@code key} is running or waiting. */
  public boolean busy(String key) {
    return lanes.containsKey(key);
  }

  /** Completes once no task of any key runs or waits (at once when none does): a stopping node drains with it. */
  public Future<Void> idle() {
    if (lanes.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> idle = Promise.promise();
    awaitingIdle.add(idle);
    return idle.future();
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
    backlog.removed();
    if (lane.isEmpty()) {
      lanes.remove(key);
      if (lanes.isEmpty()) {
        List<Promise<Void>> idle = List.copyOf(awaitingIdle);
        awaitingIdle.clear();
        idle.forEach(Promise::complete);
      }
    } else {
      lane.peek().run();
    }
  }
}

package dev.switchboard.channel.delivery;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps a "typing…" signal alive while the model works: runs an action at once and then every
 * {@code intervalMs} for a key (a chat) until {@link #stop} or {@code maxDurationMs}, whichever comes
 * first. Platforms expire the signal on their own (Telegram after 5 s, WhatsApp after 25 s), so the
 * interval must be shorter. Create it in the verticle's {@code start()}: timers and state live on that
 * verticle's context, and calls from other threads are moved there. Failures of the action are
 * logged at debug and do not stop the repetition: typing is a courtesy, not a delivery.
 */
public final class TypingIndicator {

  private static final Logger LOG = LoggerFactory.getLogger(TypingIndicator.class);

  private final Vertx vertx;
  private final Context context;
  private final long intervalMs;
  private final long maxTicks;
  /** Only touched on {@link #context}. */
  private final Map<String, Typing> running = new HashMap<>();

  public TypingIndicator(Vertx vertx, long intervalMs, long maxDurationMs) {
    if (intervalMs <= 0 || maxDurationMs < intervalMs) {
      throw new IllegalArgumentException("need 0 < intervalMs <= maxDurationMs");
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.intervalMs = intervalMs;
    this.maxTicks = maxDurationMs / intervalMs;
  }

  /**
   * Starts repeating {@code action} for {@code key}. Starting a key that is already running replaces
   * its action and restarts its maximum duration, without an extra immediate call.
   */
  public void start(String key, Supplier<Future<Void>> action) {
    onContext(() -> {
      Typing typing = running.get(key);
      if (typing != null) {
        typing.action = action;
        typing.ticksLeft = maxTicks;
        return;
      }
      Typing created = new Typing(action, maxTicks);
      running.put(key, created);
      created.timerId = vertx.setPeriodic(intervalMs, id -> tick(key, created));
      run(key, created);
    });
  }

  /** Stops repeating for {@code key}; nothing happens if it is not running. */
  public void stop(String key) {
    onContext(() -> {
      Typing typing = running.remove(key);
      if (typing != null) {
        vertx.cancelTimer(typing.timerId);
      }
    });
  }

  /** Stops every key: call it from the verticle's {@code stop()}. */
  public void stopAll() {
    onContext(() -> {
      running.values().forEach(typing -> vertx.cancelTimer(typing.timerId));
      running.clear();
    });
  }

  private void tick(String key, Typing typing) {
    if (--typing.ticksLeft < 0) {
      stop(key);
      return;
    }
    // A slow platform must not pile up calls: skip the tick while the last one is in flight.
    if (!typing.inFlight) {
      run(key, typing);
    }
  }

  private void run(String key, Typing typing) {
    typing.inFlight = true;
    Future<Void> result;
    try {
      result = typing.action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(done -> onContext(() -> {
      typing.inFlight = false;
      if (done.failed()) {
        LOG.debug("typing signal for {} failed: {}", key, done.cause().getMessage());
      }
    }));
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }

  private static final class Typing {
    Supplier<Future<Void>> action;
    long ticksLeft;
    long timerId;
    boolean inFlight;

    Typing(Supplier<Future<Void>> action, long ticksLeft) {
      this.action = action;
      this.ticksLeft = ticksLeft;
    }
  }
}

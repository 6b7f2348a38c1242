package dev.switchboard.channel.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Drives a send through its {@link RetryPolicy} on Vert.x timers, never blocking: each failure is
 * classified by the platform's client, and the send is tried again after the policy's delay or
 * fails with the platform's own exception (so that the channel can report its error code).
 */
public final class RetryLoop {

  private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);

  private final Vertx vertx;
  private final String channel;
  private final RetryPolicy policy;
  private final RandomGenerator random;

  public RetryLoop(Vertx vertx, String channel, RetryPolicy policy) {
    this(vertx, channel, policy, new Random());
  }

  /** @param random the jitter's source; a seeded one makes the delays repeatable in tests */
  public RetryLoop(Vertx vertx, String channel, RetryPolicy policy, RandomGenerator random) {
    this.vertx = vertx;
    this.channel = channel;
    this.policy = policy;
    this.random = random;
  }

  /**
   * Runs {@code send} until it succeeds, {@code classify} calls a failure permanent, or the policy
   * allows no further attempt; {@code what} names the send in logs. Each attempt after a wait first
   * asks {@code permit}, and the send fails with {@link SendPermit.Withdrawn} when it no longer holds.
   */
  public <T> Future<T> run(String what, SendPermit permit, Supplier<Future<T>> send,
                           Function<Throwable, Retryability> classify) {
    return attempt(1, what, permit, send, classify);
  }

  private <T> Future<T> attempt(int number, String what, SendPermit permit, Supplier<Future<T>> send,
                                Function<Throwable, Retryability> classify) {
    return started(send).recover(failure -> {
      Retryability retryability = classify.apply(failure);
      if (!retryability.retryable()) {
        return Future.failedFuture(failure);
      }
      OptionalLong delayMs = policy.nextDelayMs(number, retryability.retryAfterMs(), random);
      if (delayMs.isEmpty()) {
        LOG.warn("{}: {} failed and is not retried ({}): {}", channel, what, number >= policy.maxAttempts()
            ? "attempt " + number + " of " + policy.maxAttempts()
            : "asked to wait " + retryability.retryAfterMs().getAsLong() + " ms, more than retry.maxRetryAfterMs "
                + policy.maxRetryAfterMs(), failure.getMessage());
        return Future.failedFuture(failure);
      }
      LOG.info("{}: {} failed ({}); attempt {} of {} in {} ms", channel, what, failure.getMessage(), number + 1,
          policy.maxAttempts(), delayMs.getAsLong());
      return vertx.timer(Math.max(1, delayMs.getAsLong()))
          .compose(fired -> permit.confirmed())
          .compose(confirmed -> attempt(number + 1, what, permit, send, classify));
    });
  }

  private static <T> Future<T> started(Supplier<Future<T>> send) {
    try {
      return send.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}

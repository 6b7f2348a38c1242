package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Keeps a claim ({@link InboxClaims}, {@link OutboxClaims}) alive for as long as its work runs, however
 * long that is (a slow model, a platform send waiting out a 429): the lease is renewed every third of
 * it, so that one renewal the store answered late or not at all still leaves time for the next. Once a
 * renewal says the claim was taken over, the claim is lost for good and renewed no more. Confined to
 * the context that started it; {@link #end} it when the work is done.
 */
public final class LeaseKeeper {

  private static final long MIN_PERIOD_MS = 500;

  private final Vertx vertx;
  private final Supplier<Future<Boolean>> renewal;
  private final Runnable onLost;
  private final long timer;
  private boolean held = true;

  private LeaseKeeper(Vertx vertx, Duration lease, Supplier<Future<Boolean>> renewal, Runnable onLost) {
    this.vertx = vertx;
    this.renewal = renewal;
    this.onLost = onLost;
    // A renewal the store failed is simply tried again at the next tick.
    this.timer = vertx.setPeriodic(Math.max(MIN_PERIOD_MS, lease.toMillis() / 3), tick -> renew());
  }

  /**
   * Starts renewing.
   *
   * @param renewal renews the claim's lease once (the claims' {@code renew}); false when it was taken over
   * @param onLost  called once, when a renewal found the claim taken over
   */
  public static LeaseKeeper start(Vertx vertx, Duration lease, Supplier<Future<Boolean>> renewal, Runnable onLost) {
    return new LeaseKeeper(vertx, lease, renewal, onLost);
  }

  /** Renews now, before a step no token can fence; false once the claim is lost, failed when the store could not say. */
  public Future<Boolean> renew() {
    if (!held) {
      return Future.succeededFuture(false);
    }
    return renewal.get().map(stillHeld -> {
      if (!stillHeld && held) {
        held = false;
        vertx.cancelTimer(timer);
        onLost.run();
      }
      return held;
    });
  }

  /** False once a renewal found the claim taken over. */
  public boolean held() {
    return held;
  }

  /** The work is done: no more renewals. */
  public void end() {
    vertx.cancelTimer(timer);
  }
}

package dev.switchboard.channel.gate;

/**
 * {@code ratePerSecond} sends a second with bursts of up to {@code capacity}, by reservation: each
 * send takes a token now, going into debt when none is left, and waits until the debt is paid. So
 * waiting sends leave in the order they asked, at the rate, and nothing is ever refused.
 */
public final class TokenBucket {

  private final double perMs;
  private final double capacity;
  private double tokens;
  private long last;

  public TokenBucket(double ratePerSecond, int capacity, long now) {
    this(ratePerSecond, capacity, capacity, now);
  }

  /** A bucket holding {@code initialTokens} now (0: the next send waits a whole interval). */
  public TokenBucket(double ratePerSecond, int capacity, double initialTokens, long now) {
    this.perMs = ratePerSecond / 1000.0;
    this.capacity = capacity;
    this.tokens = initialTokens;
    this.last = now;
  }

  /** Takes a token; returns how many milliseconds the send must wait for it (0: go now). */
  public long reserve(long now) {
    refill(now);
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perMs);
  }

  /** Whether it is full again, so that forgetting it changes nothing. */
  public boolean idle(long now) {
    return tokens + (now - last) * perMs >= capacity;
  }

  private void refill(long now) {
    if (now > last) {
      tokens = Math.min(capacity, tokens + (now - last) * perMs);
      last = now;
    }
  }
}

package dev.switchboard.app;

/**
 * How long a channel that failed to start waits before the next attempt: {@code firstDelayMs}, then
 * doubled after each failure, up to {@code maxDelayMs}.
 */
record RetryBackoff(long firstDelayMs, long maxDelayMs) {

  static final long DEFAULT_FIRST_DELAY_MS = 5_000;
  static final long DEFAULT_MAX_DELAY_MS = 300_000;
  static final RetryBackoff DEFAULT = new RetryBackoff(DEFAULT_FIRST_DELAY_MS, DEFAULT_MAX_DELAY_MS);

  RetryBackoff {
    if (firstDelayMs <= 0 || maxDelayMs < firstDelayMs) {
      throw new IllegalArgumentException("retry delays must be positive, the first no longer than the longest");
    }
  }

  long after(long delayMs) {
    return Math.min(delayMs * 2, maxDelayMs);
  }
}

package dev.switchboard.channel.delivery;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * How patiently a platform send is retried, the same for every channel ({@code channels.<name>.retry}):
 * exponential backoff with equal jitter, or the wait the platform asked for when it gave one. Pacing
 * ({@code channel.Pacer}) is a separate concern: it spaces sends out before they fail.
 *
 * @param maxAttempts      attempts per message, the first one included
 * @param initialBackoffMs nominal wait after the first failure, doubled after each further one, in milliseconds
 * @param maxBackoffMs     ceiling of the nominal wait, in milliseconds
 * @param maxRetryAfterMs  longest wait the platform may ask for (Slack's {@code Retry-After}, Telegram's
 *                         {@code retry_after}) that is still waited out in memory; a longer one fails the send
 *                         with {@code delivery_failed}, in milliseconds
 */
public record RetryPolicy(int maxAttempts, long initialBackoffMs, long maxBackoffMs, long maxRetryAfterMs) {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final long DEFAULT_INITIAL_BACKOFF_MS = 1_000;
  public static final long DEFAULT_MAX_BACKOFF_MS = 30_000;
  public static final long DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
  public static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF_MS,
      DEFAULT_MAX_BACKOFF_MS, DEFAULT_MAX_RETRY_AFTER_MS);

  /** The key of the block in a channel's section. */
  public static final String KEY = "retry";

  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
  private static final int MAX_MAX_ATTEMPTS = 10;
  private static final long MAX_MS = 3_600_000;

  public RetryPolicy {
    if (maxAttempts < 1 || initialBackoffMs < 0 || maxBackoffMs < initialBackoffMs || maxRetryAfterMs < 0) {
      throw new IllegalArgumentException("not a retry policy: " + maxAttempts + " attempts, backoff "
          + initialBackoffMs + " to " + maxBackoffMs + " ms, Retry-After up to " + maxRetryAfterMs + " ms");
    }
  }

  /**
   * The wait before the attempt after {@code failedAttempt} (1 for the first), or empty when the send
   * is not to be retried: the attempts are used up, or the platform asked for a longer wait than
   * {@link #maxRetryAfterMs}. A wait the platform asked for wins over the backoff.
   */
  public OptionalLong nextDelayMs(int failedAttempt, OptionalLong retryAfterMs, RandomGenerator random) {
    if (failedAttempt >= maxAttempts) {
      return OptionalLong.empty();
    }
    if (retryAfterMs.isPresent()) {
      long asked = Math.max(0, retryAfterMs.getAsLong());
      return asked > maxRetryAfterMs ? OptionalLong.empty() : OptionalLong.of(asked);
    }
    return OptionalLong.of(backoffMs(failedAttempt, random));
  }

  /**
   * Equal jitter: the nominal wait {@code min(maxBackoffMs, initialBackoffMs·2^(n-1))} less a random
   * part of up to half of it, so never under half the nominal wait.
   */
  long backoffMs(int failedAttempt, RandomGenerator random) {
    int doublings = Math.min(failedAttempt - 1, 40);
    long nominal = initialBackoffMs > (maxBackoffMs >> doublings) ? maxBackoffMs : initialBackoffMs << doublings;
    long half = nominal / 2;
    return nominal - random.nextLong(half + 1);
  }

  /**
   * Reads {@code retry} from a channel's section (the caller lists {@link #KEY} among its keys). Keys a
   * channel documented before there was one policy are still read, with a warning; {@code legacy}
   * maps each to the {@code retry} key it stands for ({@code maxRetryAfterSeconds} is in seconds).
   */
  public static RetryPolicy from(ConfigNode channel, Map<String, String> legacy) {
    ConfigNode retry = channel.object(KEY).allowOnly("maxAttempts", "initialBackoffMs", "maxBackoffMs",
        "maxRetryAfterMs");
    int maxAttempts = retry.integer("maxAttempts", DEFAULT_MAX_ATTEMPTS, 1, MAX_MAX_ATTEMPTS);
    long initialBackoffMs = retry.number("initialBackoffMs", DEFAULT_INITIAL_BACKOFF_MS, 0, MAX_MS);
    long maxRetryAfterMs = retry.number("maxRetryAfterMs", DEFAULT_MAX_RETRY_AFTER_MS, 0, MAX_MS);
    for (Map.Entry<String, String> old : legacy.entrySet()) {
      if (!channel.has(old.getKey())) {
        continue;
      }
      String replacement = channel.pathOf(KEY + "." + old.getValue());
      if (retry.has(old.getValue())) {
        throw new ConfigException(channel.pathOf(old.getKey()), "is the old name of " + replacement
            + "; set only " + replacement);
      }
      warnDeprecated(channel.pathOf(old.getKey()), replacement);
      switch (old.getValue()) {
        case "maxAttempts" -> maxAttempts = channel.integer(old.getKey(), DEFAULT_MAX_ATTEMPTS, 1, MAX_MAX_ATTEMPTS);
        case "initialBackoffMs" -> initialBackoffMs = channel.number(old.getKey(), DEFAULT_INITIAL_BACKOFF_MS, 0, MAX_MS);
        case "maxRetryAfterMs" -> maxRetryAfterMs = 1_000 * channel.number(old.getKey(), 0, 0, MAX_MS / 1_000);
        default -> throw new IllegalArgumentException("no retry key " + old.getValue());
      }
    }
    long maxBackoffMs = retry.number("maxBackoffMs", Math.max(DEFAULT_MAX_BACKOFF_MS, initialBackoffMs), 0, MAX_MS);
    if (maxBackoffMs < initialBackoffMs) {
      throw new ConfigException(retry.pathOf("maxBackoffMs"), maxBackoffMs + " is less than initialBackoffMs ("
          + initialBackoffMs + "); the backoff grows from initialBackoffMs up to maxBackoffMs");
    }
    return new RetryPolicy(maxAttempts, initialBackoffMs, maxBackoffMs, maxRetryAfterMs);
  }

  /** The keys {@link #from} reads besides {@link #KEY}, for the caller's {@code allowOnly}. */
  public static List<String> keys(Map<String, String> legacy) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(KEY), legacy.keySet().stream()).toList();
  }

  private static void warnDeprecated(String oldPath, String replacement) {
    if (WARNED.add(oldPath)) {
      LOG.warn("{} is deprecated: use {} (the old name is still read for now)", oldPath, replacement);
    }
  }
}

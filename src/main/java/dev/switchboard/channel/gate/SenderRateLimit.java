package dev.switchboard.channel.gate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits how fast one sender can make the bot work: a token bucket per sender holding
 * {@code perMinute} messages and refilling at that rate, so bursts up to the limit pass and a
 * steady flood is cut to the limit. Over the limit a sender is told once per minute, then ignored.
 * Memory is bounded: past {@code maxSenders} the least recently active sender is forgotten (a
 * forgotten bucket is simply a full one). Confined to its channel's context, like the rest of the gate.
 */
public final class SenderRateLimit {

  public static final int DEFAULT_MAX_SENDERS = 100_000;
  public static final String NOTICE = "You're sending messages faster than I can answer — please wait a minute.";
  private static final long MINUTE_MS = 60_000;

  /** What to do with one message. */
  public enum Verdict {
    ALLOW,
    /** Over the limit and not told yet in this minute: send {@link #NOTICE}. */
    NOTIFY,
    /** Over the limit and already told: ignore. */
    DROP
  }

  private final int perMinute;
  private final Clock clock;
  private final Map<String, Bucket> buckets;

  /** @param perMinute {@code messages.rateLimit.perSenderPerMinute}; 0 or less disables the limit */
  public SenderRateLimit(int perMinute, int maxSenders, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxSenders;
      }
    };
  }

  public SenderRateLimit(int perMinute, Clock clock) {
    this(perMinute, DEFAULT_MAX_SENDERS, clock);
  }

  /** Counts one message from the sender ({@code channel:senderId}) and says what to do with it. */
  public Verdict check(String senderKey) {
    if (tryTake(senderKey)) {
      return Verdict.ALLOW;
    }
    Bucket bucket = buckets.get(senderKey);
    long now = clock.millis();
    if (now - bucket.noticeAtMs >= MINUTE_MS) {
      bucket.noticeAtMs = now;
      return Verdict.NOTIFY;
    }
    return Verdict.DROP;
  }

  /**
   * Counts one message from the sender when it is within the limit (what {@link #check} calls ALLOW);
   * over the limit, false and nothing changes: the caller then decides with {@link #check}.
   */
  public boolean tryTake(String senderKey) {
    if (perMinute <= 0) {
      return true;
    }
    long now = clock.millis();
    Bucket bucket = buckets.computeIfAbsent(senderKey, key -> new Bucket(perMinute, now));
    bucket.refill(now, perMinute);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Gives back what {@link #tryTake} took for a message that turned out not to count (a duplicate). */
  public void refund(String senderKey) {
    Bucket bucket = buckets.get(senderKey);
    if (perMinute > 0 && bucket != null) {
      bucket.tokens = Math.min(perMinute, bucket.tokens + 1);
    }
  }

  /** Senders currently remembered. */
  public int trackedSenders() {
    return buckets.size();
  }

  private static final class Bucket {
    double tokens;
    long refilledAtMs;
    long noticeAtMs = Long.MIN_VALUE / 2;

    Bucket(int capacity, long now) {
      this.tokens = capacity;
      this.refilledAtMs = now;
    }

    void refill(long now, int perMinute) {
      long elapsed = Math.max(0, now - refilledAtMs);
      tokens = Math.min(perMinute, tokens + elapsed * perMinute / (double) MINUTE_MS);
      refilledAtMs = now;
    }
  }
}

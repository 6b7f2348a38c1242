package dev.switchboard.config;

/**
 * Limits on inbound messages.
 *
 * @param maxAgeSeconds      older messages (a platform replaying its backlog) are dropped, in seconds
 * @param perSenderPerMinute messages a sender may send in a minute before getting a polite refusal
 * @param maxPending         turns and replies a node holds in memory at most; past it as many accepted
 *                           messages more wait for room, and past those webhooks are answered 503 and
 *                           the platform sends them again later (see {@code Arrivals})
 */
public record MessagesConfig(long maxAgeSeconds, int perSenderPerMinute, int maxPending) {

  public static final long DEFAULT_MAX_AGE_SECONDS = 3600;
  public static final int DEFAULT_PER_SENDER_PER_MINUTE = 20;
  public static final int DEFAULT_MAX_PENDING = 5_000;

  /** With the default {@link #maxPending}. */
  public MessagesConfig(long maxAgeSeconds, int perSenderPerMinute) {
    this(maxAgeSeconds, perSenderPerMinute, DEFAULT_MAX_PENDING);
  }
}

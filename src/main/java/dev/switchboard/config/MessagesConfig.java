package dev.switchboard.config;

/**
 * Limits on inbound messages.
 *
 * @param maxAgeSeconds      older messages (a platform replaying its backlog) are dropped, in seconds
 * @param perSenderPerMinute messages a sender may send in a minute before getting a polite refusal
 */
public record MessagesConfig(long maxAgeSeconds, int perSenderPerMinute) {

  public static final long DEFAULT_MAX_AGE_SECONDS = 3600;
  public static final int DEFAULT_PER_SENDER_PER_MINUTE = 20;
}

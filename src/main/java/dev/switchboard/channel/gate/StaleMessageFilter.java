package dev.switchboard.channel.gate;

import dev.switchboard.bus.InboundMessage;

import java.time.Clock;

/**
 * Recognises a platform replaying its backlog after an outage (up to 7 days on WhatsApp), so that
 * nobody gets an answer to a week-old question.
 */
public final class StaleMessageFilter {

  private final long maxAgeMs;
  private final Clock clock;

  /** @param maxAgeSeconds {@code messages.maxAgeSeconds}; 0 or less keeps every message */
  public StaleMessageFilter(long maxAgeSeconds, Clock clock) {
    this.maxAgeMs = maxAgeSeconds * 1000;
    this.clock = clock;
  }

  /** Whether the message was sent longer ago than allowed; an unknown send time (0) is never stale. */
  public boolean isStale(InboundMessage message) {
    return maxAgeMs > 0 && message.receivedAt() > 0 && ageMs(message) > maxAgeMs;
  }

  /** Milliseconds since the platform says the message was sent (negative when the clocks disagree). */
  public long ageMs(InboundMessage message) {
    return clock.millis() - message.receivedAt();
  }
}

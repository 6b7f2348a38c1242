package dev.switchboard.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when a channel starts refusing webhooks because the node is full, and how many it refused,
 * at most once every {@link #INTERVAL_MS}: under overload thousands are refused a second, and a line
 * for each would bury the log. Confined to the channel's context.
 */
final class OverloadLog {

  static final long INTERVAL_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(OverloadLog.class);

  private long lastLoggedAt = Long.MIN_VALUE;
  private long refusedSince;

  void refused(String channel, NodeBusyException why) {
    refusedSince++;
    long now = System.currentTimeMillis();
    if (lastLoggedAt == Long.MIN_VALUE || now - lastLoggedAt >= INTERVAL_MS) {
      LOG.warn("{}: {} webhook message(s) refused with 503 (the platform sends them again): {}", channel,
          refusedSince, why.getMessage());
      lastLoggedAt = now;
      refusedSince = 0;
    }
  }
}

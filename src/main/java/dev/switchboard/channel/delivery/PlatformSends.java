package dev.switchboard.channel.delivery;

import dev.switchboard.ops.Metrics;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Times each chunk's send to its platform, the platform's retries included, and counts how it ended:
 * {@code switchboard_platform_send_seconds{channel}} and
 * {@code switchboard_platform_sends_total{channel,outcome}}, with outcome {@code sent}, {@code withdrawn}
 * (another node took the reply over while it was being sent) or {@code failed} (anything else: the
 * platform would not take it, or a cluster node lost its lease on the chat without being told so).
 * Only the platform's other calls (typing, previews' edits, media downloads) go unmetered.
 */
public final class PlatformSends {

  /** For a channel run without the node's meters (a test's). */
  public static final PlatformSends UNMEASURED = new PlatformSends(null, null, null);

  private final Metrics.Latencies latency;
  private final Metrics.Counters sends;
  private final String channel;

  private PlatformSends(Metrics.Latencies latency, Metrics.Counters sends, String channel) {
    this.latency = latency;
    this.sends = sends;
    this.channel = channel;
  }

  public static PlatformSends of(Metrics metrics, String channel) {
    return new PlatformSends(
        metrics.latency("switchboard_platform_send_seconds",
            "Time to hand one reply chunk to its platform, retries included, by channel.", "channel"),
        metrics.counter("switchboard_platform_sends_total",
            "Reply chunks handed to their platform, by channel and outcome.", "channel", "outcome"),
        channel);
  }

  /** {@code send}, measured. */
  <T> Future<T> measure(Supplier<Future<T>> send) {
    if (latency == null) {
      return send.get();
    }
    long started = System.nanoTime();
    return send.get().andThen(ended -> {
      latency.since(started, channel);
      sends.increment(channel, ended.succeeded() ? "sent"
          : ended.cause() instanceof SendPermit.Withdrawn ? "withdrawn" : "failed");
    });
  }
}

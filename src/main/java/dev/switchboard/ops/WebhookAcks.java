package dev.switchboard.ops;

import io.vertx.ext.web.Router;

import java.util.Set;

/**
 * Times every webhook from the moment its request has arrived to the end of the answer the platform gets
 * (the ack, whatever its status), per channel: {@code switchboard_webhook_ack_seconds}. The platform
 * retries when this is slow, so its p99 is the figure to watch.
 */
public final class WebhookAcks {

  static final String PATH = "/webhooks/:channel";
  /** Routes are numbered from 0 in the order they are added. */
  private static final int FIRST = -1;

  private WebhookAcks() {
  }

  /**
   * Runs before the gateway's own routes on {@code router} (after {@link HttpRequests} only: a gateway
   * mounts its webhook hand-off when it is made, and the hand-off ends the routing), so the time
   * includes reading the body; only {@code channels} become labels, whatever path is requested.
   */
  public static void measure(Router router, Metrics metrics, Set<String> channels) {
    Metrics.Latencies acks = metrics.latency("switchboard_webhook_ack_seconds",
        "Time from a webhook's arrival to the answer the platform gets, by channel.", "channel");
    router.route(PATH).order(FIRST).handler(ctx -> {
      String channel = ctx.pathParam("channel");
      if (channels.contains(channel)) {
        long started = System.nanoTime();
        ctx.addEndHandler(ended -> acks.since(started, channel));
      }
      ctx.next();
    });
  }
}

package dev.switchboard.it;

import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What stands between Meta and the nodes: a load balancer that sends each signed webhook round-robin to
 * one of the nodes it knows, and tries the next one on a refused connection or a 503, as the balancer's
 * health check and Meta's re-sending would. The nodes' ports change as they are restarted.
 */
final class WebhookBalancer {

  private final WebClient client;
  private final String appSecret;
  private final List<Integer> ports = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  WebhookBalancer(WebClient client, String appSecret) {
    this.client = client;
    this.appSecret = appSecret;
  }

  void add(int port) {
    ports.add(port);
  }

  void remove(int port) {
    ports.remove(Integer.valueOf(port));
  }

  /** Delivers the webhook to some node within {@code seconds}; false when none accepted it in time. */
  boolean deliver(Buffer body, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      List<Integer> live = List.copyOf(ports);
      if (!live.isEmpty() && accepted(live.get(Math.floorMod(next.getAndIncrement(), live.size())), body)) {
        return true;
      }
      Thread.sleep(100); // a retry interval, as a balancer waits before trying again, not a synchronisation
    }
    return false;
  }

  private boolean accepted(int port, Buffer body) {
    try {
      return FakeWhatsAppWebhooks.post(client, port, body, appSecret).await().statusCode() == 200;
    } catch (RuntimeException refusedOrReset) {
      return false;
    }
  }
}

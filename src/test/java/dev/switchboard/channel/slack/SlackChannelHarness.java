package dev.switchboard.channel.slack;

import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.app.Gateway;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.store.DedupeLog;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.MessagesConfig;
import dev.switchboard.fakes.FakeSlackEvents;
import dev.switchboard.fakes.FakeSlackServer;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running Slack channel as users meet it: the bridge's gateway on port 0 with the Slack verticle
 * mounted on a {@link SqliteStore} in a temporary directory, Slack's Web API faked behind it, Slack's
 * Events API faked in front of it, and the messages the channel publishes for the router. Start it
 * from a test thread; it lives as long as the test's Vert.x.
 */
final class SlackChannelHarness {

  static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  private final FakeSlackServer webApi;
  private final BlockingQueue<InboundMessage> inbound = new LinkedBlockingQueue<>();
  private FakeSlackEvents events;
  private int port;

  private SlackChannelHarness(FakeSlackServer webApi) {
    this.webApi = webApi;
  }

  /**
   * @param section extra {@code channels.slack} keys (dmPolicy…)
   * @param dedupe  the channel's dedupe log
   * @param dir     where the store (pairing included) goes
   */
  static SlackChannelHarness start(Vertx vertx, JsonObject section, DedupeLog dedupe, Path dir) {
    SlackChannelHarness harness = new SlackChannelHarness(FakeSlackServer.start(vertx).await());
    SqliteStore store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await();
    vertx.eventBus().<JsonObject>consumer(Addresses.INBOUND,
        message -> harness.inbound.add(InboundMessage.fromJson(message.body()))).completion().await();
    SlackOptions options = SlackOptions.from(ConfigNode.of(new JsonObject()
        .put("botToken", FakeSlackServer.TOKEN).put("signingSecret", SIGNING_SECRET)
        .put("apiBaseUrl", harness.webApi.apiBaseUrl()).mergeIn(section)));
    ChannelGate gate = ChannelGate.create(options.common(), new MessagesConfig(MessagesConfig.DEFAULT_MAX_AGE_SECONDS,
        MessagesConfig.DEFAULT_PER_SENDER_PER_MINUTE), dedupe, store.pairing(),
        Clock.systemUTC());
    WebhookRoutes webhooks = new WebhookRoutes();
    Gateway gateway = new Gateway(vertx, new GatewayConfig("127.0.0.1", 0, GatewayConfig.DEFAULT_MAX_BODY_BYTES), webhooks);
    vertx.deployVerticle(new SlackVerticle(webhooks, options, gate, dedupe, store.inbox(), store.outbox(),
        Clock.systemUTC())).await();
    harness.port = gateway.listen().await().actualPort();
    harness.events = harness.eventsSignedWith(vertx, SIGNING_SECRET);
    return harness;
  }

  /** Slack's Web API, as the bridge calls it. */
  FakeSlackServer webApi() {
    return webApi;
  }

  /** Slack's Events API, delivering to the bridge's webhook; retries come 1 ms apart. */
  FakeSlackEvents events() {
    return events;
  }

  /** Deliveries signed with another app's secret. */
  FakeSlackEvents eventsSignedWith(Vertx vertx, String secret) {
    return new FakeSlackEvents(vertx, "127.0.0.1", port, SlackVerticle.WEBHOOK_PATH, secret, 1);
  }

  int port() {
    return port;
  }

  /** The next message published for the router; fails the test when none comes within five seconds. */
  InboundMessage nextInbound() throws InterruptedException {
    InboundMessage message = inbound.poll(5, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("nothing was published on " + Addresses.INBOUND);
    }
    return message;
  }
}

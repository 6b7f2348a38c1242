package dev.switchboard.channel.whatsapp;

import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.app.Gateway;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.channel.InMemoryDedupeLog;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.MessagesConfig;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The WhatsApp channel as it runs: a {@link Gateway} on port 0 with a {@link WhatsAppVerticle}
 * talking to a {@link FakeWhatsAppServer}, on a {@link SqliteStore} in a temporary directory, and what
 * reaches {@link Addresses#INBOUND} and {@link Addresses#EVENTS}. Webhooks are POSTed as Meta sends them: escaped, signed, dated now.
 */
final class WhatsAppBridge {

  static final String TOKEN = "EAAG-bridge-token";
  static final String APP_SECRET = "6c3b1ae0a3f4d2e8b9c7f0a1d2e3f4a5";
  static final long TURN_TIMEOUT_MS = 10_000;

  final FakeWhatsAppServer graph;
  final SqliteStore store;
  private final Vertx vertx;
  private final HttpServer gateway;
  private final WebClient http;
  private final BlockingQueue<InboundMessage> inbound;
  private final BlockingQueue<JsonObject> events;

  private WhatsAppBridge(Vertx vertx, FakeWhatsAppServer graph, SqliteStore store, HttpServer gateway,
                         WebClient http, BlockingQueue<InboundMessage> inbound, BlockingQueue<JsonObject> events) {
    this.vertx = vertx;
    this.graph = graph;
    this.store = store;
    this.gateway = gateway;
    this.http = http;
    this.inbound = inbound;
    this.events = events;
  }

  /**
   * Starts everything; {@code channel} holds extra {@code channels.whatsapp} keys (dmPolicy…), and the
   * store (pairing included) goes in {@code dir}.
   */
  static WhatsAppBridge start(Vertx vertx, Path dir, JsonObject channel) {
    FakeWhatsAppServer graph = FakeWhatsAppServer.start(vertx, TOKEN).await();
    SqliteStore store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await();
    WhatsAppOptions options = WhatsAppOptions.from(new ConfigNode(new JsonObject().put("accessToken", TOKEN)
        .put("appSecret", APP_SECRET).put("verifyToken", "verify").put("apiBaseUrl", graph.apiBaseUrl())
        .put("retry", new JsonObject().put("initialBackoffMs", 10)).mergeIn(channel), "channels.whatsapp", Map.of()));
    ChannelGate gate = ChannelGate.create(options.channel(),
        new MessagesConfig(MessagesConfig.DEFAULT_MAX_AGE_SECONDS, MessagesConfig.DEFAULT_PER_SENDER_PER_MINUTE),
        new InMemoryDedupeLog(), store.pairing(),
        Clock.systemUTC());
    WebhookRoutes webhooks = new WebhookRoutes();
    Gateway gateway = new Gateway(vertx, new GatewayConfig("127.0.0.1", 0, GatewayConfig.DEFAULT_MAX_BODY_BYTES), webhooks);
    BlockingQueue<InboundMessage> inbound = new LinkedBlockingQueue<>();
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.INBOUND, m -> inbound.add(InboundMessage.fromJson(m.body())))
        .completion().await();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, m -> events.add(m.body())).completion().await();
    vertx.deployVerticle(new WhatsAppVerticle(webhooks, options, gate, store.inbox(), store.outbox(),
        TURN_TIMEOUT_MS)).await();
    return new WhatsAppBridge(vertx, graph, store, gateway.listen().await(), WebClient.create(vertx), inbound, events);
  }

  static WhatsAppBridge start(Vertx vertx, Path dir) {
    return start(vertx, dir, new JsonObject().put("dmPolicy", DmPolicy.OPEN.wireName()));
  }

  /** POSTs a fixture as Meta would, every timestamp set to now so that it is not stale. */
  HttpResponse<Buffer> post(String fixture) {
    return postRaw(FakeWhatsAppWebhooks.fixtureAt(fixture, System.currentTimeMillis() / 1000));
  }

  /** POSTs the bytes as they are, signed. */
  HttpResponse<Buffer> postRaw(Buffer body) {
    return FakeWhatsAppWebhooks.post(http, gateway.actualPort(), body, APP_SECRET).await();
  }

  /** POSTs the bytes without a signature, as a forger would. */
  HttpResponse<Buffer> postUnsigned(Buffer body) {
    return http.post(gateway.actualPort(), "127.0.0.1", WhatsAppWebhook.PATH)
        .putHeader("Content-Type", "application/json").sendBuffer(body).await();
  }

  /** The next message the router would get; fails the test after 5 s. */
  InboundMessage nextInbound() throws InterruptedException {
    return next(inbound, Addresses.INBOUND);
  }

  /** The next event published; fails the test after 5 s. */
  JsonObject nextEvent() throws InterruptedException {
    return next(events, Addresses.EVENTS);
  }

  /** What the router says once a model begins answering {@code message}: the channel shows "typing…". */
  void modelAnswers(InboundMessage message) {
    vertx.eventBus().send(Addresses.answering(message.channel()), message.toJson(),
        new DeliveryOptions().setLocalOnly(true));
  }

  List<InboundMessage> publishedSoFar() {
    return List.copyOf(inbound);
  }

  /** Checks every body WhatsApp received against Meta's OpenAPI spec, when the spec is beside the project. */
  void assertEveryRequestConformsToSpec() {
    GraphApiSpec.load().ifPresent(spec -> graph.requests().forEach(request ->
        assertEquals(List.of(), spec.requestViolations(request.body()), "against Meta's OpenAPI: " + request.body())));
  }

  Future<Void> close() {
    http.close();
    return gateway.close().compose(closed -> graph.close()).compose(closed -> store.close());
  }

  private static <T> T next(BlockingQueue<T> queue, String address) throws InterruptedException {
    T item = queue.poll(5, TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("nothing was published on " + address);
    }
    return item;
  }
}

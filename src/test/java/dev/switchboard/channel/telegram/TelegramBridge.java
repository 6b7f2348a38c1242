package dev.switchboard.channel.telegram;

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
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
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

/**
 * The Telegram channel as it runs: a {@link Gateway} on port 0 with a {@link TelegramVerticle} talking
 * to a {@link FakeTelegramServer}, on a {@link SqliteStore} in a temporary directory, and what reaches
 * {@link Addresses#INBOUND}. Webhooks are POSTed the way Telegram does, secret header included, with
 * the update's date set to now.
 */
final class TelegramBridge {

  static final String TOKEN = "123456:BRIDGE-token";
  static final String SECRET = "hook_Secret-1";

  final FakeTelegramServer telegram;
  final SqliteStore store;
  private final Vertx vertx;
  private final HttpServer gateway;
  private final WebClient http;
  private final BlockingQueue<InboundMessage> inbound;

  private TelegramBridge(Vertx vertx, FakeTelegramServer telegram, SqliteStore store, HttpServer gateway,
                         WebClient http, BlockingQueue<InboundMessage> inbound) {
    this.vertx = vertx;
    this.telegram = telegram;
    this.store = store;
    this.gateway = gateway;
    this.http = http;
    this.inbound = inbound;
  }

  /**
   * Starts everything; {@code channel} holds extra {@code channels.telegram} keys (dmPolicy…), and the
   * store (pairing included) goes in {@code dir}.
   */
  static TelegramBridge start(Vertx vertx, Path dir, JsonObject channel) {
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, TOKEN).await();
    SqliteStore store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await();
    TelegramOptions options = TelegramOptions.from(new ConfigNode(channel.copy().put("botToken", TOKEN)
        .put("webhookSecret", SECRET).put("apiBaseUrl", telegram.baseUrl()).put("retry", new JsonObject().put("initialBackoffMs", 10)),
        "channels.telegram", Map.of()));
    ChannelGate gate = ChannelGate.create(options.channel(),
        new MessagesConfig(MessagesConfig.DEFAULT_MAX_AGE_SECONDS, MessagesConfig.DEFAULT_PER_SENDER_PER_MINUTE),
        new InMemoryDedupeLog(), store.pairing(),
        Clock.systemUTC());
    WebhookRoutes webhooks = new WebhookRoutes();
    Gateway gateway = new Gateway(vertx, new GatewayConfig("127.0.0.1", 0, GatewayConfig.DEFAULT_MAX_BODY_BYTES), webhooks);
    BlockingQueue<InboundMessage> inbound = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.INBOUND,
        message -> inbound.add(InboundMessage.fromJson(message.body())));
    consumer.completion().await();
    vertx.deployVerticle(new TelegramVerticle(webhooks, options, gate, store.inbox(), store.outbox(), 10_000))
        .await();
    return new TelegramBridge(vertx, telegram, store, gateway.listen().await(), WebClient.create(vertx), inbound);
  }

  static TelegramBridge start(Vertx vertx, Path dir) {
    return start(vertx, dir, new JsonObject().put("dmPolicy", DmPolicy.OPEN.wireName()));
  }

  /** POSTs the update as Telegram would, dated now so that it is not stale. */
  HttpResponse<Buffer> post(JsonObject update) {
    return post(update, SECRET);
  }

  HttpResponse<Buffer> post(JsonObject update, String secretHeader) {
    JsonObject fresh = update.copy();
    JsonObject message = fresh.getJsonObject("message");
    if (message != null) {
      message.put("date", System.currentTimeMillis() / 1000);
    }
    var request = http.post(gateway.actualPort(), "127.0.0.1", TelegramVerticle.WEBHOOK_PATH);
    if (secretHeader != null) {
      request.putHeader(WebhookSecretToken.HEADER, secretHeader);
    }
    return request.sendJsonObject(fresh).await();
  }

  HttpResponse<Buffer> postRaw(String body) {
    return http.post(gateway.actualPort(), "127.0.0.1", TelegramVerticle.WEBHOOK_PATH)
        .putHeader(WebhookSecretToken.HEADER, SECRET).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await();
  }

  /** The next message the router would get; fails the test after 5 s. */
  InboundMessage nextInbound() throws InterruptedException {
    InboundMessage message = inbound.poll(5, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("nothing was published on " + Addresses.INBOUND);
    }
    return message;
  }

  /** What the router says once a model begins answering {@code message}: the channel shows "typing…". */
  void modelAnswers(InboundMessage message) {
    vertx.eventBus().send(Addresses.answering(message.channel()), message.toJson(),
        new DeliveryOptions().setLocalOnly(true));
  }

  List<InboundMessage> publishedSoFar() {
    return List.copyOf(inbound);
  }

  Future<Void> close() {
    http.close();
    return gateway.close().compose(closed -> telegram.close()).compose(closed -> store.close());
  }
}

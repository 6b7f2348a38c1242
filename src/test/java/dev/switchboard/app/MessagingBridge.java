package dev.switchboard.app;

import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The whole bridge (MainVerticle) with Telegram and WhatsApp against their fakes, a fake model and the
 * HTTP API, as other applications use it: webhooks come in as the platforms send them, and what the
 * bridge publishes on {@link Addresses#EVENTS} is collected. It can be stopped and started again on the
 * same store.
 */
final class MessagingBridge {

  static final String API_TOKEN = "messaging-api-token";
  static final String TELEGRAM_TOKEN = "123456:MESSAGING-token";
  static final String TELEGRAM_SECRET = "telegram-hook-secret";
  static final String WHATSAPP_TOKEN = "EAAG-messaging";
  static final String WHATSAPP_SECRET = "whatsapp-app-secret";
  static final String ANN_NUMBER = "16505551234";

  final Vertx vertx;
  final FakeModelServer model;
  final FakeTelegramServer telegram;
  final FakeWhatsAppServer graph;
  final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  final BlockingQueue<JsonObject> conversation = new LinkedBlockingQueue<>();
  private final Path store;
  private final String agentExtra;
  private final String httpExtra;
  private final String gateway;
  private final WebClient http;
  private MessageConsumer<JsonObject> eventConsumer;
  private MessageConsumer<JsonObject> conversationConsumer;
  private String deployment;
  private MainVerticle main;
  private int port;
  private int nextUpdate = 1;

  private MessagingBridge(Vertx vertx, Path store, String agentExtra, String httpExtra, String gateway) {
    this.vertx = vertx;
    this.store = store;
    this.agentExtra = agentExtra;
    this.httpExtra = httpExtra;
    this.gateway = gateway;
    this.model = FakeModelServer.start(vertx).await();
    this.telegram = FakeTelegramServer.start(vertx, TELEGRAM_TOKEN).await();
    this.graph = FakeWhatsAppServer.start(vertx, WHATSAPP_TOKEN).await();
    this.http = WebClient.create(vertx);
  }

  /** {@code agentExtra} is added to {@code agents.defaults} (a handover section…), {@code httpExtra} to {@code channels.http}. */
  static MessagingBridge start(Vertx vertx, Path dir, String agentExtra, String httpExtra) {
    return start(vertx, dir, agentExtra, httpExtra, "port: 0");
  }

  /** As {@link #start(Vertx, Path, String, String)}, with {@code gateway} as the gateway section ({@code port}…). */
  static MessagingBridge start(Vertx vertx, Path dir, String agentExtra, String httpExtra, String gateway) {
    MessagingBridge bridge = new MessagingBridge(vertx, dir.resolve("switchboard.db"), agentExtra, httpExtra, gateway);
    bridge.startBridge();
    return bridge;
  }

  static MessagingBridge start(Vertx vertx, Path dir) {
    return start(vertx, dir, "", "");
  }

  void startBridge() {
    eventConsumer = vertx.eventBus().consumer(Addresses.EVENTS, message -> events.add(message.body()));
    eventConsumer.completion().await();
    conversationConsumer = vertx.eventBus().consumer(Addresses.CONVERSATION, message -> conversation.add(message.body()));
    conversationConsumer.completion().await();
    main = new MainVerticle(ConfigLoader.parse("test", """
        { gateway: { %s },
          agents: { defaults: { model: { primary: "local/fake-model" }, timeoutSeconds: 10, %s } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", apiKey: "k", api: "openai-responses",
                     models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: {
            http: { token: "%s", %s },
            telegram: { botToken: "%s", webhookSecret: "%s", apiBaseUrl: "%s", dmPolicy: "open" },
            whatsapp: { accessToken: "%s", appSecret: "%s", verifyToken: "v", apiBaseUrl: "%s", dmPolicy: "open",
                        phoneNumberId: "%s", retry: { initialBackoffMs: 10 } } },
          session: { store: { path: "%s" } } }
        """.formatted(gateway, agentExtra, model.baseUrl(), API_TOKEN, httpExtra, TELEGRAM_TOKEN, TELEGRAM_SECRET,
        telegram.baseUrl(), WHATSAPP_TOKEN, WHATSAPP_SECRET, graph.apiBaseUrl(), FakeWhatsAppServer.PHONE_NUMBER_ID,
        store), Map.of()));
    deployment = vertx.deployVerticle(main).await();
    port = main.port();
  }

  /**
   * Stops the bridge as SIGTERM does: first the drain, so that a reply the platform has already
   * received is also recorded as sent (an undeploy alone could cut that record off, and the next start
   * would send the reply again), then the undeploy.
   */
  void stopBridge() {
    main.drain().await();
    vertx.undeploy(deployment).await();
    eventConsumer.unregister().await();
    conversationConsumer.unregister().await();
  }

  /** The store's file, for a test that prepares it while the bridge is stopped. */
  Path storePath() {
    return store;
  }

  int port() {
    return port;
  }

  HttpResponse<Buffer> get(String path) {
    return http.get(port, "127.0.0.1", path).bearerTokenAuthentication(API_TOKEN).send().await();
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return http.post(port, "127.0.0.1", path).bearerTokenAuthentication(API_TOKEN).sendJsonObject(body).await();
  }

  HttpResponse<Buffer> postRaw(String path, String body) {
    return http.post(port, "127.0.0.1", path).bearerTokenAuthentication(API_TOKEN)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
  }

  HttpResponse<Buffer> postWithoutToken(String path, JsonObject body) {
    return http.post(port, "127.0.0.1", path).sendJsonObject(body).await();
  }

  /** {@code POST /v1/messages}. */
  HttpResponse<Buffer> send(JsonObject body) {
    return post("/v1/messages", body);
  }

  /** A private Telegram message from user {@code chatId} in their chat with the bot, as Telegram delivers it. */
  HttpResponse<Buffer> telegramMessage(long chatId, String text) {
    int update = nextUpdate++;
    JsonObject user = new JsonObject().put("id", chatId).put("is_bot", false).put("first_name", "Ann");
    JsonObject update0 = new JsonObject().put("update_id", 900_000 + update).put("message", new JsonObject()
        .put("message_id", update).put("from", user)
        .put("chat", new JsonObject().put("id", chatId).put("type", "private").put("first_name", "Ann"))
        .put("date", System.currentTimeMillis() / 1000).put("text", text));
    return http.post(port, "127.0.0.1", "/webhooks/telegram")
        .putHeader("X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET).sendJsonObject(update0).await();
  }

  /** A WhatsApp text from {@code from}, sent {@code sentAtSeconds}, signed as Meta signs it. */
  HttpResponse<Buffer> whatsAppMessage(String from, String wamid, String text) {
    JsonObject message = new JsonObject().put("from", from).put("id", wamid)
        .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000)).put("type", "text")
        .put("text", new JsonObject().put("body", text));
    return whatsAppWebhook(new JsonObject().put("messaging_product", "whatsapp")
        .put("metadata", metadata())
        .put("contacts", new JsonArray().add(new JsonObject().put("profile", new JsonObject().put("name", "Sheena"))
            .put("wa_id", from)))
        .put("messages", new JsonArray().add(message)));
  }

  /** Meta's asynchronous {@code failed} status for a message the bridge sent. */
  HttpResponse<Buffer> whatsAppFailedStatus(String wamid, String recipient, int code) {
    JsonObject status = new JsonObject().put("id", wamid).put("status", "failed")
        .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000)).put("recipient_id", recipient)
        .put("errors", new JsonArray().add(new JsonObject().put("code", code).put("title", "Message undeliverable")
            .put("error_data", new JsonObject().put("details", "Message Undeliverable."))));
    return whatsAppWebhook(new JsonObject().put("messaging_product", "whatsapp").put("metadata", metadata())
        .put("statuses", new JsonArray().add(status)));
  }

  private HttpResponse<Buffer> whatsAppWebhook(JsonObject value) {
    JsonObject body = new JsonObject().put("object", "whatsapp_business_account").put("entry", new JsonArray()
        .add(new JsonObject().put("id", "102290129340398").put("changes", new JsonArray()
            .add(new JsonObject().put("field", "messages").put("value", value)))));
    return FakeWhatsAppWebhooks.post(http, port, Buffer.buffer(body.encode()), WHATSAPP_SECRET).await();
  }

  private static JsonObject metadata() {
    return new JsonObject().put("display_phone_number", "15550783881")
        .put("phone_number_id", FakeWhatsAppServer.PHONE_NUMBER_ID);
  }

  /** The next event of {@link Addresses#EVENTS} that matches; an AssertionError after 10 s. */
  JsonObject event(Predicate<JsonObject> wanted) throws InterruptedException {
    return next(events, wanted);
  }

  /** The next item of {@link Addresses#CONVERSATION} that matches; an AssertionError after 10 s. */
  JsonObject said(Predicate<JsonObject> wanted) throws InterruptedException {
    return next(conversation, wanted);
  }

  private static JsonObject next(BlockingQueue<JsonObject> events, Predicate<JsonObject> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonObject event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no such event within 10 s");
      }
      if (wanted.test(event)) {
        return event;
      }
    }
  }

  Future<Void> close() {
    http.close();
    return Future.all(model.close(), telegram.close(), graph.close()).mapEmpty();
  }
}

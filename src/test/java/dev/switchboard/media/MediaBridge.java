package dev.switchboard.media;

import com.slack.api.app_backend.SlackSignature;
import dev.switchboard.app.MainVerticle;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.fakes.FakeModelRequest;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeSlackServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeTranscriptionServer;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole bridge in this JVM with every outside party faked on 127.0.0.1: WhatsApp's Graph API,
 * Telegram's Bot API, Slack's Web API (each serving media that needs the token), model servers
 * ({@code model}, {@code fallback}, {@code describer}) and two transcription servers. The test writes
 * {@code models.providers}, the chain and {@code tools.media} with placeholders for the fakes' URLs:
 * {@code {model}}, {@code {fallback}}, {@code {describer}}, {@code {whisper}}, {@code {whisper2}}.
 */
final class MediaBridge {

  static final String WA_TOKEN = "EAAG-media-token";
  static final String WA_SECRET = "media-app-secret";
  static final String TG_TOKEN = "7000000001:media-token";
  static final String TG_SECRET = "media_secret";
  static final String SLACK_SECRET = "slack-media-signing-secret";
  static final String WHISPER_KEY = "whisper-key";
  static final String USER = "16505551234";
  static final long TG_CHAT = 515151;

  final FakeModelServer model;
  final FakeModelServer fallback;
  final FakeModelServer describer;
  final FakeTranscriptionServer whisper;
  final FakeTranscriptionServer whisper2;
  final FakeWhatsAppServer graph;
  final FakeTelegramServer telegram;
  final FakeSlackServer slack;
  private final Vertx vertx;
  private final WebClient http;
  private final AtomicLong nextId = new AtomicLong(1);
  private MainVerticle main;

  private MediaBridge(Vertx vertx) {
    this.vertx = vertx;
    this.model = FakeModelServer.start(vertx).await();
    this.fallback = FakeModelServer.start(vertx).await();
    this.describer = FakeModelServer.start(vertx).await();
    this.whisper = FakeTranscriptionServer.start(vertx, WHISPER_KEY, "Hello there").await();
    this.whisper2 = FakeTranscriptionServer.start(vertx, WHISPER_KEY, "Hello from the second transcriber").await();
    this.graph = FakeWhatsAppServer.start(vertx, WA_TOKEN).await();
    this.telegram = FakeTelegramServer.start(vertx, TG_TOKEN).await();
    this.slack = FakeSlackServer.start(vertx).await();
    this.http = WebClient.create(vertx);
  }

  /** The fakes, not yet the bridge: a test scripts them, then calls {@link #start}. */
  static MediaBridge fakes(Vertx vertx) {
    return new MediaBridge(vertx);
  }

  /**
   * Starts the bridge.
   *
   * @param providers  the body of {@code models.providers}
   * @param chain      the body of {@code agents.defaults.model}
   * @param toolsMedia the body of {@code tools.media}
   */
  MediaBridge start(Path dir, String providers, String chain, String toolsMedia) {
    String config = """
        { gateway: { port: 0 },
          agents: { defaults: { model: { %s }, timeoutSeconds: 20 } },
          models: { mode: "replace", providers: { %s } },
          tools: { media: { %s } },
          channels: {
            whatsapp: { accessToken: "%s", appSecret: "%s", verifyToken: "v", apiBaseUrl: "%s", dmPolicy: "open",
                        phoneNumberId: "%s" },
            telegram: { botToken: "%s", webhookSecret: "%s", apiBaseUrl: "%s", dmPolicy: "open" },
            slack: { botToken: "%s", signingSecret: "%s", apiBaseUrl: "%s", dmPolicy: "open" } },
          session: { store: { path: "%s" } } }
        """.formatted(chain, providers, toolsMedia, WA_TOKEN, WA_SECRET, graph.apiBaseUrl(),
        FakeWhatsAppServer.PHONE_NUMBER_ID, TG_TOKEN, TG_SECRET, telegram.baseUrl(), FakeSlackServer.TOKEN,
        SLACK_SECRET, slack.apiBaseUrl(), dir.resolve("switchboard.db"))
        .replace("{model}", model.baseUrl()).replace("{fallback}", fallback.baseUrl())
        .replace("{describer}", describer.baseUrl()).replace("{whisper}", whisper.baseUrl())
        .replace("{whisper2}", whisper2.baseUrl());
    main = new MainVerticle(ConfigLoader.parse("media-test", config, Map.of()));
    vertx.deployVerticle(main).await();
    return this;
  }

  void close() {
    Future.all(List.of(model.close(), fallback.close(), describer.close(), whisper.close(), whisper2.close(),
        graph.close(), telegram.close(), slack.close())).await();
  }

  // ---- WhatsApp

  /** A WhatsApp message of {@code type} with its {@code content} object, signed and posted as Meta does. */
  int whatsapp(String type, JsonObject content) {
    JsonObject message = new JsonObject().put("from", USER).put("id", "wamid.MEDIA" + nextId.getAndIncrement())
        .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000)).put("type", type).put(type, content);
    JsonObject body = new JsonObject().put("object", "whatsapp_business_account").put("entry", new JsonArray()
        .add(new JsonObject().put("id", "WABA").put("changes", new JsonArray().add(new JsonObject()
            .put("field", "messages").put("value", new JsonObject().put("messaging_product", "whatsapp")
                .put("metadata", new JsonObject().put("display_phone_number", "15550783881")
                    .put("phone_number_id", FakeWhatsAppServer.PHONE_NUMBER_ID))
                .put("contacts", new JsonArray().add(new JsonObject().put("wa_id", USER)
                    .put("profile", new JsonObject().put("name", "Ann"))))
                .put("messages", new JsonArray().add(message)))))));
    return FakeWhatsAppWebhooks.post(http, main.port(), Buffer.buffer(body.encode()), WA_SECRET).await().statusCode();
  }

  /** The texts of the first {@code count} WhatsApp messages the bridge sent. */
  List<String> whatsappTexts(int count) {
    return graph.awaitSends(count).await().stream()
        .map(sent -> sent.body().getJsonObject("text").getString("body")).toList();
  }

  // ---- Telegram

  /** A private Telegram message made of {@code fields} (photo, voice, caption…), as Telegram posts it. */
  int telegram(JsonObject fields) {
    long updateId = nextId.getAndIncrement();
    JsonObject message = new JsonObject().put("message_id", updateId).put("date", System.currentTimeMillis() / 1000)
        .put("chat", new JsonObject().put("id", TG_CHAT).put("type", "private").put("first_name", "Ann"))
        .put("from", new JsonObject().put("id", TG_CHAT).put("is_bot", false).put("first_name", "Ann"))
        .mergeIn(fields);
    return http.post(main.port(), "127.0.0.1", "/webhooks/telegram")
        .putHeader("X-Telegram-Bot-Api-Secret-Token", TG_SECRET)
        .sendJsonObject(new JsonObject().put("update_id", updateId).put("message", message)).await().statusCode();
  }

  List<String> telegramTexts(int count) {
    return telegram.awaitCalls("sendMessage", count).await().stream()
        .map(call -> call.body().getString("text")).toList();
  }

  // ---- Slack

  /** A direct message sharing {@code file} (an object of {@link FakeSlackServer#file}), signed as Slack does. */
  int slackFileShare(JsonObject file, String text) {
    long id = nextId.getAndIncrement();
    JsonObject event = new JsonObject().put("type", "message").put("subtype", "file_share").put("channel_type", "im")
        .put("channel", "D0MEDIA").put("user", "U0ANN").put("text", text)
        .put("ts", System.currentTimeMillis() / 1000 + "." + String.format("%06d", id))
        .put("files", new JsonArray().add(file));
    JsonObject body = new JsonObject().put("type", "event_callback").put("team_id", FakeSlackServer.TEAM_ID)
        .put("event_id", "Ev0MEDIA" + id).put("event_time", System.currentTimeMillis() / 1000).put("event", event);
    String raw = body.encode();
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    HttpResponse<Buffer> response = http.post(main.port(), "127.0.0.1", "/webhooks/slack")
        .putHeader("Content-Type", "application/json")
        .putHeader(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, timestamp)
        .putHeader(SlackSignature.HeaderNames.X_SLACK_SIGNATURE,
            new SlackSignature.Generator(SLACK_SECRET).generate(timestamp, raw))
        .sendBuffer(Buffer.buffer(raw)).await();
    return response.statusCode();
  }

  List<String> slackTexts(int count) {
    return slack.awaitPosted(count).await().stream().map(posted -> posted.getString("text")).toList();
  }

  // ---- models

  /** The user turn's content as the model got it: the last {@code input} item (Responses). */
  static JsonArray lastResponsesContent(FakeModelRequest request) {
    JsonArray input = request.body().getJsonArray("input");
    return input.getJsonObject(input.size() - 1).getJsonArray("content");
  }

  /** Every text the request carries, joined: what the model read. */
  static String allText(FakeModelRequest request) {
    return request.body().encode();
  }
}

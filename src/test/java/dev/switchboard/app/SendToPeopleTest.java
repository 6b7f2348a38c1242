package dev.switchboard.app;

import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.ConversationEvent;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Refusal;
import dev.switchboard.bus.RefusedRequest;
import dev.switchboard.bus.SendReceipt;
import dev.switchboard.bus.SendRequest;
import dev.switchboard.bus.SendTemplate;
import dev.switchboard.bus.SwitchboardClient;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.store.OutboundMessage;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /v1/messages} and {@code switchboard.send} end to end: what reaches the fake platforms,
 * what the caller is answered and which events say how it went.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SendToPeopleTest {

  private static final long CHAT = 4242;

  @TempDir
  Path dir;

  private MessagingBridge bridge;

  @BeforeEach
  void start(Vertx vertx) {
    bridge = MessagingBridge.start(vertx, dir);
  }

  @AfterEach
  void stop() {
    bridge.close().await();
  }

  private static JsonObject telegramText(String text) {
    return new JsonObject().put("channel", "telegram").put("chatId", String.valueOf(CHAT)).put("text", text);
  }

  @Test
  void aTextIsQueuedAnsweredWithItsIdSentToThePersonAndReportedSent() throws Exception {
    HttpResponse<Buffer> response = bridge.send(telegramText("Your **order** has shipped."));

    assertEquals(202, response.statusCode(), response.bodyAsString());
    String id = response.bodyAsJsonObject().getString("id");
    assertEquals("queued", response.bodyAsJsonObject().getString("status"));
    FakeTelegramServer.Call sent = bridge.telegram.awaitCalls("sendMessage", 1).await().get(0);
    assertEquals(CHAT, sent.body().getLong("chat_id"));
    assertEquals("Your <b>order</b> has shipped.", sent.body().getString("text"), "formatted like a reply");
    JsonObject event = bridge.event(e -> "sent".equals(e.getString("type")));
    assertEquals(id, event.getString("id"));
    assertEquals("telegram", event.getString("channel"));
  }

  @Test
  void aLongTextIsSplitInChunksSentInOrder() {
    String first = "First part. ".repeat(300).trim();
    String second = "Second part. ".repeat(300).trim();

    assertEquals(202, bridge.send(telegramText(first + "\n\n" + second)).statusCode());

    List<FakeTelegramServer.Call> calls = bridge.telegram.awaitCalls("sendMessage", 2).await();
    assertEquals(first, calls.get(0).body().getString("text"));
    assertEquals(second, calls.get(1).body().getString("text"));
  }

  @Test
  void theSameIdempotencyKeyIsQueuedOnceAndAnsweredWithTheSameId() throws Exception {
    JsonObject request = telegramText("Reminder: your appointment is tomorrow.").put("idempotencyKey", "appt-77");

    String firstId = bridge.send(request).bodyAsJsonObject().getString("id");
    String secondId = bridge.send(request).bodyAsJsonObject().getString("id");
    bridge.send(telegramText("A later message"));

    assertEquals(firstId, secondId);
    List<FakeTelegramServer.Call> calls = bridge.telegram.awaitCalls("sendMessage", 2).await();
    assertEquals("A later message", calls.get(1).body().getString("text"));
    bridge.event(e -> "sent".equals(e.getString("type")) && !firstId.equals(e.getString("id")));
    assertEquals(2, bridge.telegram.calls("sendMessage").size(), "the duplicate was never sent");
  }

  @Test
  void badRequestsAreRefusedWithAClearCodeAndNothingIsSent() {
    assertRefused(bridge.send(new JsonObject().put("channel", "slack").put("chatId", "C1").put("text", "Hi")),
        404, "unknown_channel");
    assertRefused(bridge.send(new JsonObject().put("channel", "telegram").put("chatId", "1")), 400, "missing_text");
    assertRefused(bridge.send(telegramText("  ")), 400, "missing_text");
    assertRefused(bridge.send(new JsonObject().put("channel", "telegram").put("chatId", "1")
        .put("template", new JsonObject().put("name", "order_update").put("language", "en_US"))), 400, "bad_template");
    assertRefused(bridge.send(new JsonObject().put("channel", "whatsapp").put("chatId", MessagingBridge.ANN_NUMBER)
        .put("template", new JsonObject().put("name", "Order Update!").put("language", "en_US"))), 400, "bad_template");
    assertRefused(bridge.send(new JsonObject().put("chatId", "1").put("text", "Hi")), 400, "invalid_request");
    HttpResponse<Buffer> notJson = bridge.postRaw("/v1/messages", "{not json");
    assertEquals(400, notJson.statusCode());
    assertEquals("the body is not valid JSON", notJson.bodyAsJsonObject().getJsonObject("error").getString("message"));
    HttpResponse<Buffer> array = bridge.postRaw("/v1/messages", "[{\"channel\": \"telegram\"}]");
    assertEquals(400, array.statusCode());
    assertEquals("the body must be a JSON object, not an array",
        array.bodyAsJsonObject().getJsonObject("error").getString("message"));

    assertEquals(List.of(), bridge.telegram.calls("sendMessage"));
    assertEquals(List.of(), bridge.graph.sends());
  }

  @Test
  void withoutTheBearerTokenNothingIsSent() {
    HttpResponse<Buffer> response = bridge.postWithoutToken("/v1/messages", telegramText("Hi"));

    assertEquals(401, response.statusCode());
    assertEquals(List.of(), bridge.telegram.calls("sendMessage"));
  }

  @Test
  void whatsAppTextOutsideTheWindowIsRefusedAtOnceWithoutCallingMeta() {
    HttpResponse<Buffer> response = bridge.send(new JsonObject().put("channel", "whatsapp")
        .put("chatId", MessagingBridge.ANN_NUMBER).put("text", "We miss you!"));

    assertRefused(response, 409, "window_closed");
    assertEquals(List.of(), bridge.graph.sends());
  }

  @Test
  void whatsAppTextInsideTheWindowGoesOutFromTheNumberThePersonWroteToWithOrWithoutPlus() throws Exception {
    assertEquals(200, bridge.whatsAppMessage(MessagingBridge.ANN_NUMBER, "wamid.IN1", "Is my order late?").statusCode());
    bridge.graph.awaitRequests(1).await();

    HttpResponse<Buffer> response = bridge.send(new JsonObject().put("channel", "whatsapp")
        .put("chatId", "+" + MessagingBridge.ANN_NUMBER).put("text", "It ships today."));

    assertEquals(202, response.statusCode(), response.bodyAsString());
    FakeWhatsAppServer.Recorded sent = awaitSend(body -> "It ships today.".equals(
        body.getJsonObject("text", new JsonObject()).getString("body")));
    assertTrue(sent.path().endsWith("/" + FakeWhatsAppServer.PHONE_NUMBER_ID + "/messages"), sent.path());
    assertEquals("+" + MessagingBridge.ANN_NUMBER, sent.body().getString("to"), "the number as the caller wrote it");
  }

  @Test
  void aTemplateReachesWhatsAppInMetasShapeAndItsLateFailureNamesTheSend() throws Exception {
    JsonArray components = new JsonArray().add(new JsonObject().put("type", "body").put("parameters",
        new JsonArray().add(new JsonObject().put("type", "text").put("text", "Ann"))));
    HttpResponse<Buffer> response = bridge.send(new JsonObject().put("channel", "whatsapp")
        .put("chatId", "+" + MessagingBridge.ANN_NUMBER).put("template", new JsonObject().put("name", "order_update")
            .put("language", "en_US").put("components", components)));

    assertEquals(202, response.statusCode(), response.bodyAsString());
    String id = response.bodyAsJsonObject().getString("id");
    FakeWhatsAppServer.Recorded sent = awaitSend(body -> "template".equals(body.getString("type")));
    JsonObject template = sent.body().getJsonObject("template");
    assertEquals("order_update", template.getString("name"));
    assertEquals("en_US", template.getJsonObject("language").getString("code"));
    assertEquals(components, template.getJsonArray("components"));
    bridge.event(e -> "sent".equals(e.getString("type")) && id.equals(e.getString("id")));

    String wamid = "wamid.FAKE1";
    assertEquals(200, bridge.whatsAppFailedStatus(wamid, MessagingBridge.ANN_NUMBER, 131026).statusCode());

    JsonObject failed = bridge.event(e -> "delivery_failed".equals(e.getString("type")));
    assertEquals(id, failed.getString("id"));
    assertEquals(131026, failed.getInteger("code"));
  }

  @Test
  void aSendQueuedBeforeAStopIsSentAtTheNextStartAndReportedWithItsId(Vertx vertx) throws Exception {
    bridge.stopBridge();
    SqliteStore store = SqliteStore.open(vertx, bridge.storePath().toString(), Clock.systemUTC()).await();
    String id = store.sends().enqueue(new OutboundMessage(SendReceipt.newId(), null, "telegram", null,
        String.valueOf(CHAT), null, List.of("Queued before the crash"), null)).await().id();
    store.close().await();

    bridge.startBridge();

    assertEquals("Queued before the crash", bridge.telegram.awaitCalls("sendMessage", 1).await().get(0).body()
        .getString("text"));
    assertEquals(id, bridge.event(e -> "sent".equals(e.getString("type"))).getString("id"));
  }

  @Test
  void whatsAppTextToAUserWhoLastWroteADayAgoIsRefused(Vertx vertx) {
    bridge.stopBridge();
    SqliteStore store = SqliteStore.open(vertx, bridge.storePath().toString(), Clock.systemUTC()).await();
    InboundMessage yesterday = new InboundMessage("whatsapp:wamid.OLD", "whatsapp", FakeWhatsAppServer.PHONE_NUMBER_ID,
        MessagingBridge.ANN_NUMBER, ChatType.DM, MessagingBridge.ANN_NUMBER, "Sheena", null, "Thanks!",
        System.currentTimeMillis() - Duration.ofHours(25).toMillis(), null);
    store.inbox().journal(yesterday).await();
    store.inbox().markAnswered(yesterday.id()).await();
    store.close().await();
    bridge.startBridge();

    HttpResponse<Buffer> response = bridge.send(new JsonObject().put("channel", "whatsapp")
        .put("chatId", MessagingBridge.ANN_NUMBER).put("text", "Still there?"));

    assertRefused(response, 409, "window_closed");
    assertTrue(response.bodyAsJsonObject().getJsonObject("error").getString("message").contains("25 hours ago"));
    assertEquals(List.of(), bridge.graph.sends());
  }

  @Test
  void aVerticleUsesTheFacadeAndGetsRefusalsAsCodes(Vertx vertx) throws Exception {
    SwitchboardClient switchboard = SwitchboardClient.create(vertx);
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    BlockingQueue<ConversationEvent> conversation = new LinkedBlockingQueue<>();
    switchboard.events(events::add).completion().await();
    switchboard.conversation(conversation::add).completion().await();

    AskReply answer = switchboard.ask(AskRequest.text("facade:1", "Hi")).await();
    SendReceipt receipt = switchboard.send(SendRequest.text("telegram", String.valueOf(CHAT), "From a verticle")
        .inThread("7")).await();
    RefusedRequest refused = assertThrows(RefusedRequest.class, () -> switchboard.send(new SendRequest("telegram",
        String.valueOf(CHAT), null, null, null, new SendTemplate("order_update", "en_US", null), null)).await());

    assertEquals(FakeModelServer.DEFAULT_REPLY, answer.text());
    assertEquals("queued", receipt.status());
    JsonObject sent = bridge.telegram.awaitCalls("sendMessage", 1).await().get(0).body();
    assertEquals("From a verticle", sent.getString("text"));
    assertEquals(7, sent.getInteger("message_thread_id"), "in the topic");
    ConversationEvent queued = conversation.poll(10, TimeUnit.SECONDS);
    assertEquals(new ConversationEvent("sent", null, "telegram", String.valueOf(CHAT), null, "From a verticle", null,
        receipt.id(), queued.at()), queued, "nobody wrote in that topic: no session");
    JsonObject delivered = events.poll(10, TimeUnit.SECONDS);
    assertEquals("sent", delivered.getString("type"));
    assertEquals(receipt.id(), delivered.getString("id"));
    assertEquals(Refusal.BAD_TEMPLATE, refused.refusal());
  }

  private FakeWhatsAppServer.Recorded awaitSend(java.util.function.Predicate<JsonObject> wanted) throws Exception {
    for (int count = 1; count < 50; count++) {
      for (FakeWhatsAppServer.Recorded request : bridge.graph.awaitRequests(count).await()) {
        if (request.isSend() && wanted.test(request.body())) {
          return request;
        }
      }
    }
    throw new AssertionError("no such send reached WhatsApp: " + bridge.graph.requests());
  }

  private static void assertRefused(HttpResponse<Buffer> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"), response.bodyAsString());
    assertTrue(error.getString("message").length() > 10, "says why: " + error.getString("message"));
  }
}

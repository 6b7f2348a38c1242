package dev.switchboard.channel.telegram;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.fakes.FakeTelegramServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Telegram webhook POST leads to: a message for the router, or an acknowledged drop. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class TelegramWebhookTest {

  @TempDir
  Path pairingDir;

  private TelegramBridge bridge;

  @AfterEach
  void stop() {
    if (bridge != null) {
      bridge.close().await();
    }
  }

  @Test
  void aPrivateTextReachesTheRouterAndTelegramGetsA200(Vertx vertx) throws InterruptedException {
    bridge = TelegramBridge.start(vertx, pairingDir);
    assertEquals(200, bridge.post(TelegramUpdates.fixture("private_text")).statusCode());
    InboundMessage message = bridge.nextInbound();
    assertEquals("telegram:500000001", message.id());
    assertEquals("telegram", message.channel());
    assertEquals(String.valueOf(FakeTelegramServer.BOT_ID), message.accountId());
    assertEquals("111222333", message.chatId());
    assertEquals(ChatType.DM, message.chatType());
    assertEquals("Ann Lee", message.senderName());
    assertEquals("Hello! Can you summarise the Vert.x event bus in two sentences?", message.text());
    assertTrue(System.currentTimeMillis() - message.receivedAt() < 60_000, "receivedAt is the message date");
  }

  @Test
  void theUpdateIsJournaledBeforeTelegramGetsIts200(Vertx vertx) {
    bridge = TelegramBridge.start(vertx, pairingDir);
    assertEquals(200, bridge.post(TelegramUpdates.fixture("private_text")).statusCode());
    assertEquals(List.of("telegram:500000001"), bridge.store.inbox().unanswered().await().stream()
        .map(InboundMessage::id).toList(), "a crash now would not lose it");
  }

  @Test
  void anUpdateThatCannotBeJournaledGetsA503SoThatTelegramRetries(Vertx vertx) {
    bridge = TelegramBridge.start(vertx, pairingDir);
    bridge.store.close().await();
    assertEquals(503, bridge.post(TelegramUpdates.fixture("private_text")).statusCode());
    assertEquals(List.of(), bridge.publishedSoFar());
  }

  @Test
  void theSameUpdateTwiceIsAcknowledgedButReachesTheRouterOnce(Vertx vertx) throws InterruptedException {
    bridge = TelegramBridge.start(vertx, pairingDir);
    assertEquals(200, bridge.post(TelegramUpdates.fixture("private_text")).statusCode());
    assertEquals(200, bridge.post(TelegramUpdates.fixture("private_text")).statusCode());
    bridge.post(TelegramUpdates.fixture("group_mention"));
    assertEquals("telegram:500000001", bridge.nextInbound().id());
    assertEquals("telegram:500000002", bridge.nextInbound().id(), "the repeated update was published again");
  }

  @Test
  void aGroupMessageNotForTheBotIsAcknowledgedAndNotPublished(Vertx vertx) throws InterruptedException {
    bridge = TelegramBridge.start(vertx, pairingDir);
    assertEquals(200, bridge.post(TelegramUpdates.fixture("group_not_addressed")).statusCode());
    bridge.post(TelegramUpdates.fixture("group_mention"));
    InboundMessage next = bridge.nextInbound();
    assertEquals("telegram:500000002", next.id());
    assertEquals("\uD83D\uDC4B what is 2+2?", next.text());
  }

  @Test
  void editsAndOtherBotsMessagesAreAcknowledgedAndNotPublished(Vertx vertx) throws InterruptedException {
    bridge = TelegramBridge.start(vertx, pairingDir);
    assertEquals(200, bridge.post(TelegramUpdates.fixture("edited_message")).statusCode());
    assertEquals(200, bridge.post(TelegramUpdates.fixture("from_bot")).statusCode());
    bridge.post(TelegramUpdates.fixture("group_command"));
    assertEquals("/help", bridge.nextInbound().text());
  }

  @Test
  void aWrongOrMissingSecretIsRefusedAndNothingIsPublished(Vertx vertx) throws InterruptedException {
    bridge = TelegramBridge.start(vertx, pairingDir);
    HttpResponse<Buffer> wrong = bridge.post(TelegramUpdates.fixture("private_text"), "not-the-secret");
    assertEquals(401, wrong.statusCode());
    assertEquals("authentication_error", wrong.bodyAsJsonObject().getJsonObject("error").getString("type"));
    assertEquals(401, bridge.post(TelegramUpdates.fixture("private_text"), null).statusCode());
    bridge.post(TelegramUpdates.fixture("group_mention"));
    assertEquals("telegram:500000002", bridge.nextInbound().id());
  }

  @Test
  void aBodyThatIsNotAnUpdateGetsAClear400(Vertx vertx) {
    bridge = TelegramBridge.start(vertx, pairingDir);
    HttpResponse<Buffer> notJson = bridge.postRaw("{not json");
    assertEquals(400, notJson.statusCode());
    HttpResponse<Buffer> noUpdateId = bridge.postRaw("{\"message\":{}}");
    assertEquals(400, noUpdateId.statusCode());
    assertEquals("update_id must be a number",
        noUpdateId.bodyAsJsonObject().getJsonObject("error").getString("message"));
  }

  @Test
  void typingIsShownInTheTopicOnceAModelAnswersAndNotBefore(Vertx vertx) throws InterruptedException {
    bridge = TelegramBridge.start(vertx, pairingDir);
    bridge.post(TelegramUpdates.fixture("private_text"));
    bridge.nextInbound();
    bridge.post(TelegramUpdates.fixture("topic_message"));
    bridge.modelAnswers(bridge.nextInbound());
    JsonObject typing = bridge.telegram.awaitCalls("sendChatAction", 1).await().get(0).body();
    assertEquals(new JsonObject().put("chat_id", TelegramUpdates.FORUM.getId()).put("action", "typing")
        .put("message_thread_id", 7), typing, "the private message, which no model answers, shows none");
  }

  @Test
  void anUnknownSenderUnderPairingGetsACodeAndTheRouterNothing(Vertx vertx) {
    bridge = TelegramBridge.start(vertx, pairingDir, new JsonObject().put("dmPolicy", "pairing"));
    assertEquals(200, bridge.post(TelegramUpdates.fixture("private_text")).statusCode());
    JsonObject notice = bridge.telegram.awaitCalls("sendMessage", 1).await().get(0).body();
    assertEquals(TelegramUpdates.ANN.getId(), notice.getLong("chat_id"));
    assertTrue(notice.getString("text").contains("pairing code"), notice.getString("text"));
    assertEquals(11, notice.getJsonObject("reply_parameters").getInteger("message_id"));
    assertEquals(List.of(), bridge.publishedSoFar());
  }
}

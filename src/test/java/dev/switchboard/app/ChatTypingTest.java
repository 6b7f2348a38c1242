package dev.switchboard.app;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeWhatsAppServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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

/**
 * "typing…" promises a reply, and a platform cannot take it back: it shows only once a model answers,
 * never in a chat handed to a person, and not for a chat command, whose answer comes at once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ChatTypingTest {

  private static final long CHAT = 6262;
  private static final String TELEGRAM_SESSION = "telegram:" + FakeTelegramServer.BOT_ID + ":dm:" + CHAT;
  private static final String WHATSAPP_SESSION = "whatsapp:" + FakeWhatsAppServer.PHONE_NUMBER_ID + ":dm:"
      + MessagingBridge.ANN_NUMBER;

  @TempDir
  Path dir;

  private MessagingBridge bridge;

  @AfterEach
  void stop() {
    bridge.close().await();
  }

  /** The session's mode set to human, as an operator does it. */
  private void handToAPerson(String session) {
    assertEquals(200, bridge.post("/v1/sessions/" + session + "/handover", new JsonObject().put("mode", "human"))
        .statusCode());
  }

  /**
   * {@code /status} through the bus: it runs in the session's order, so once it is answered the router
   * has dealt with every message before it.
   */
  private String status(Vertx vertx, String session) {
    return AskReply.fromJson(vertx.eventBus().<JsonObject>request(Addresses.ASK,
        AskRequest.text(session, "/status").toJson()).await().body()).text();
  }

  /** The user's message reached the router: the channel published it once journaled. */
  private void published(String text) throws InterruptedException {
    bridge.said(item -> "inbound".equals(item.getString("type")) && text.equals(item.getString("text")));
  }

  @Test
  void aTelegramChatWithAPersonSeesNeitherTypingNorAReply(Vertx vertx) throws InterruptedException {
    bridge = MessagingBridge.start(vertx, dir);
    handToAPerson(TELEGRAM_SESSION);

    bridge.telegramMessage(CHAT, "Is my order on its way?");
    published("Is my order on its way?");
    assertTrue(status(vertx, TELEGRAM_SESSION).contains("mode: human"), "the message was kept for the person");

    assertEquals(List.of(), bridge.telegram.calls("sendChatAction"), "no typing the bot would not follow up");
    assertEquals(List.of(), bridge.telegram.calls("sendMessage"));
    assertEquals(0, bridge.model.requests().size());
  }

  @Test
  void aWhatsAppChatWithAPersonIsNeitherShownTypingNorAnswered(Vertx vertx) throws InterruptedException {
    bridge = MessagingBridge.start(vertx, dir);
    handToAPerson(WHATSAPP_SESSION);

    bridge.whatsAppMessage(MessagingBridge.ANN_NUMBER, "wamid.KEPT1", "Is my order on its way?");
    published("Is my order on its way?");
    assertTrue(status(vertx, WHATSAPP_SESSION).contains("mode: human"), "the message was kept for the person");

    assertEquals(List.of(), bridge.graph.requests(), "no read receipt with typing, no reply");
  }

  @Test
  void aMessageTheModelAnswersShowsTypingBeforeTheReply(Vertx vertx) {
    bridge = MessagingBridge.start(vertx, dir);

    bridge.telegramMessage(CHAT, "Where is my parcel?");
    bridge.telegram.awaitCalls("sendMessage", 1).await();

    List<String> methods = bridge.telegram.calls().stream().map(FakeTelegramServer.Call::method)
        .filter(method -> !"getMe".equals(method)).toList();
    assertEquals("sendChatAction", methods.get(0), "typing first: " + methods);
    assertEquals("sendMessage", methods.get(methods.size() - 1), methods.toString());
  }

  /** A command is answered at once, without a model: no typing (the choice made), just the answer. */
  @Test
  void aChatCommandIsAnsweredWithoutTyping(Vertx vertx) {
    bridge = MessagingBridge.start(vertx, dir);

    bridge.telegramMessage(CHAT, "/status");
    String answer = bridge.telegram.awaitCalls("sendMessage", 1).await().get(0).body().getString("text");

    assertTrue(answer.contains("mode: bot"), answer);
    assertEquals(List.of(), bridge.telegram.calls("sendChatAction"));
    assertEquals(0, bridge.model.requests().size());
  }
}

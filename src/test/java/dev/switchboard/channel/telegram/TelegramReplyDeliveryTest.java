package dev.switchboard.channel.telegram;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeTelegramServer.Call;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What reaches Telegram when the router answers on {@code switchboard.outbound.telegram}. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class TelegramReplyDeliveryTest {

  @TempDir
  Path pairingDir;

  private Vertx vertx;
  private TelegramBridge bridge;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    bridge = TelegramBridge.start(vertx, pairingDir);
  }

  @AfterEach
  void everyBodyTelegramGotConformsToTheBotApi() {
    List<Call> calls = bridge.telegram.calls();
    bridge.close().await();
    BotApiSpec.loadIfPresent().ifPresent(spec -> calls.forEach(call ->
        assertEquals(List.of(), spec.violationsOfMethod(call.method(), call.body()), call.method())));
  }

  /** The update's message as the router received it, with "typing…" already shown for the model's turn. */
  private InboundMessage ask(String fixture) throws InterruptedException {
    bridge.post(TelegramUpdates.fixture(fixture));
    InboundMessage question = bridge.nextInbound();
    bridge.modelAnswers(question);
    bridge.telegram.awaitCalls("sendChatAction", 1).await();
    return question;
  }

  private List<Call> answer(InboundMessage question, String text, int expectedMessages) {
    vertx.eventBus().send(Addresses.outbound("telegram"), Reply.to(question, text, "lmstudio/m", null).toJson());
    return bridge.telegram.awaitCalls("sendMessage", expectedMessages).await();
  }

  @Test
  void aReplyReachesTheTopicAsHtmlQuotingTheQuestion() throws InterruptedException {
    InboundMessage question = ask("topic_message");
    JsonObject sent = answer(question, "**Green**: all 12 jobs passed, see `nightly.log`.", 1).get(0).body();
    assertEquals("<b>Green</b>: all 12 jobs passed, see <code>nightly.log</code>.", sent.getString("text"));
    assertEquals("HTML", sent.getString("parse_mode"));
    assertEquals(TelegramUpdates.FORUM.getId(), sent.getLong("chat_id"));
    assertEquals(7, sent.getInteger("message_thread_id"));
    assertEquals(412, sent.getJsonObject("reply_parameters").getInteger("message_id"));
    assertTrue(sent.getJsonObject("link_preview_options").getBoolean("is_disabled"));
  }

  @Test
  void aLongReplyArrivesInOrderInChunksTelegramAccepts() throws InterruptedException {
    InboundMessage question = ask("topic_message");
    String paragraph = "All work and no play makes the build a dull build. ".repeat(60).strip();
    String text = String.join("\n\n", paragraph + " one", paragraph + " two", paragraph + " three");
    List<Call> sent = answer(question, text, 3);
    List<String> texts = sent.stream().map(call -> call.body().getString("text")).toList();
    assertTrue(texts.stream().allMatch(chunk -> chunk.length() <= 4000), "a chunk exceeds 4000 UTF-16 units");
    assertEquals(text.replaceAll("\\s+", " "), String.join(" ", texts).replaceAll("\\s+", " "));
    assertTrue(sent.stream().allMatch(call -> call.body().getInteger("message_thread_id") == 7));
    assertEquals(412, sent.get(0).body().getJsonObject("reply_parameters").getInteger("message_id"));
    assertNull(sent.get(1).body().getValue("reply_parameters"));
  }

  @Test
  void htmlTelegramCannotParseIsResentAsTheMarkdownSource() throws InterruptedException {
    InboundMessage question = ask("private_text");
    bridge.telegram.failNext("sendMessage", FakeTelegramServer.cantParseEntities());
    List<Call> sent = answer(question, "The **event bus** routes messages.", 2);
    assertEquals("The <b>event bus</b> routes messages.", sent.get(0).body().getString("text"));
    assertEquals("The **event bus** routes messages.", sent.get(1).body().getString("text"));
    assertFalse(sent.get(1).body().containsKey("parse_mode"));
  }

  @Test
  void aUserWhoBlockedTheBotIsReportedAsDeliveryFailed() throws InterruptedException {
    Promise<JsonObject> event = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, message -> event.tryComplete(message.body()))
        .completion().await();
    InboundMessage question = ask("private_text");
    bridge.telegram.failNext("sendMessage", FakeTelegramServer.blockedByUser());
    String paragraph = "Sure! ".repeat(500).strip();
    answer(question, paragraph + "\n\n" + paragraph, 1);
    JsonObject failed = event.future().await();
    assertEquals("delivery_failed", failed.getString("type"));
    assertEquals("telegram", failed.getString("channel"));
    assertEquals(question.id(), failed.getString("inboundId"));
    assertEquals(403, failed.getInteger("errorCode"));
    assertEquals(2, failed.getInteger("chunks"));
    assertTrue(failed.getString("reason").contains("bot was blocked by the user"), failed.getString("reason"));
    assertEquals(1, bridge.telegram.calls("sendMessage").size(), "nothing is sent after a 403");
  }

  @Test
  void everyCallOfATurnConformsToTheBotApiSpec() throws InterruptedException {
    BotApiSpec spec = BotApiSpec.loadOrSkip();
    InboundMessage question = ask("group_reply_to_bot");
    answer(question, "# Réponse\n\n- *quatre*\n- [docs](https://vertx.io)\n\n```java\nint x = 2 + 2;\n```", 1);
    for (Call call : bridge.telegram.calls()) {
      assertEquals(List.of(), spec.violationsOfMethod(call.method(), call.body()), call.method());
    }
  }
}

package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelReply;
import dev.switchboard.bus.Usage;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static dev.switchboard.routing.ScriptedModels.error;
import static dev.switchboard.routing.ScriptedModels.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code switchboard.inbound}: what a chat user receives, and in which chat and thread. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RouterVerticleInboundTest {

  private Vertx vertx;
  private ScriptedModels models;
  private InMemorySessionHistory history;
  private DeliveredReplies telegram;

  @BeforeEach
  void deployRouter(Vertx vertx) throws Exception {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    history = new InMemorySessionHistory();
    RouterVerticle router = new RouterVerticle(catalog(providersAB(), A, B), models, history, new Metrics());
    vertx.deployVerticle(router).await(AWAIT_SECONDS, TimeUnit.SECONDS);
    telegram = DeliveredReplies.listen(vertx, "telegram", 3);
  }

  private static InboundMessage message(String id, String chatId, String threadId, String text) {
    return new InboundMessage("telegram:" + id, "telegram", "bot1", chatId, ChatType.GROUP, "u1", "Ada", threadId, text,
        System.currentTimeMillis(), null);
  }

  private void send(InboundMessage message) {
    vertx.eventBus().send(Addresses.INBOUND, message.toJson());
  }

  @Test
  void aMessageIsAnsweredInItsChatAndThreadOnItsChannel() throws Exception {
    send(message("100", "-42", "7", "hello"));

    Reply reply = telegram.reply(0);

    assertEquals("telegram:100", reply.inboundId());
    assertEquals("bot1", reply.accountId());
    assertEquals("-42", reply.chatId());
    assertEquals("7", reply.threadId());
    assertEquals("answer from " + A, reply.text());
    assertEquals(A, reply.model());
    assertNull(reply.fallbackFrom());
    assertEquals(List.of(ChatMessage.user("hello"), ChatMessage.assistant("answer from " + A)),
        history.load("telegram:bot1:group:-42:thread:7").await(AWAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void aFallbackReplyNamesTheModelAndThePrimary() throws Exception {
    models.script(A, error(ModelErrorClass.CONNECTION));
    send(message("101", "42", null, "hello"));

    Reply reply = telegram.reply(0);

    assertEquals(B, reply.model());
    assertEquals(A, reply.fallbackFrom());
  }

  @Test
  void whenEveryModelFailsTheUserGetsOneShortApologyAndNothingIsKept() throws Exception {
    models.script(A, error(ModelErrorClass.SERVER));
    models.script(B, error(ModelErrorClass.SERVER));
    send(message("102", "42", null, "hello"));

    Reply reply = telegram.reply(0);

    assertEquals(Apology.UNAVAILABLE, reply.text());
    assertNull(reply.model());
    assertEquals("42", reply.chatId());
    assertEquals(List.of(), history.load("telegram:bot1:group:42").await(AWAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void aRequestTheModelRejectsGetsADifferentApology() throws Exception {
    models.script(A, error(ModelErrorClass.BAD_REQUEST));
    send(message("103", "42", null, "hello"));

    assertEquals(Apology.INVALID_REQUEST, telegram.reply(0).text());
  }

  @Test
  void messagesArrivingDuringATurnJoinTheNextTurnInOrder() throws Exception {
    Promise<ModelReply> firstAnswer = Promise.promise();
    Promise<Void> firstCalled = Promise.promise();
    models.script(A, (v, request) -> {
      firstCalled.complete();
      return firstAnswer.future();
    }, text("second answer"));
    send(message("1", "42", null, "first"));
    firstCalled.future().await(AWAIT_SECONDS, TimeUnit.SECONDS);

    // Sent and answered from one context: the two messages reach the router before the first turn ends.
    Context sender = vertx.getOrCreateContext();
    sender.runOnContext(v -> {
      send(message("2", "42", null, "second"));
      send(message("3", "42", null, "third"));
      firstAnswer.complete(new ModelReply("first answer", Usage.NONE));
    });

    Reply first = telegram.reply(0);
    Reply second = telegram.reply(1);
    assertEquals(List.of("telegram:1", "first answer"), List.of(first.inboundId(), first.text()));
    assertEquals(List.of("telegram:3", "second answer"), List.of(second.inboundId(), second.text()));
    assertEquals(2, models.calls(A), "one turn for the two queued messages");
    assertEquals(List.of(ChatMessage.user("first"), ChatMessage.assistant("first answer"),
        ChatMessage.user("second\n\nthird")), models.requests(A).get(1).messages());
  }
}

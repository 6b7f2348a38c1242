package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskFailure;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelReply;
import dev.switchboard.bus.Usage;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static dev.switchboard.routing.ScriptedModels.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A session cannot queue without bound: too many waiting asks get 429, a flood of chat messages is capped. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class SessionBoundsTest {

  private Vertx vertx;
  private ScriptedModels models;
  private final Promise<ModelReply> firstAnswer = Promise.promise();
  private final Promise<Void> firstCalled = Promise.promise();

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    models.script(A, (v, request) -> {
      firstCalled.tryComplete();
      return firstAnswer.future();
    }, text("later answer"));
    vertx.deployVerticle(new RouterVerticle(catalog(providersAB(), A, B), models, new InMemorySessionHistory(),
        new Metrics())).await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  private Future<JsonObject> ask(String text) {
    return vertx.eventBus().<JsonObject>request(Addresses.ASK, AskRequest.text("api:s1", text).toJson())
        .map(message -> message.body());
  }

  @Test
  void anAskPastTheSessionsBoundGets429AndTheOthersAreAnswered() throws Exception {
    List<Future<JsonObject>> accepted = new ArrayList<>();
    accepted.add(ask("first"));
    firstCalled.future().await(AWAIT_SECONDS, TimeUnit.SECONDS);
    for (int i = 1; i < 32; i++) {
      accepted.add(ask("waiting " + i));
    }

    ReplyException refused = assertThrows(ReplyException.class,
        () -> ask("one too many").await(AWAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(429, refused.failureCode());
    assertEquals(AskFailure.BUSY, AskFailure.fromFailureCode(refused.failureCode()));

    firstAnswer.complete(new ModelReply("first answer", Usage.NONE));
    Future.all(accepted).await(AWAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(32, models.calls(A), "every accepted ask was answered, the refused one reached no model");
    assertEquals("later answer", ask("after the queue drained").await(AWAIT_SECONDS, TimeUnit.SECONDS)
        .getString("text"));
  }

  @Test
  void aFloodFromOneChatIsCappedInTheNextTurn() throws Exception {
    DeliveredReplies telegram = DeliveredReplies.listen(vertx, "telegram", 5);
    send("0", "first");
    firstCalled.future().await(AWAIT_SECONDS, TimeUnit.SECONDS);

    vertx.getOrCreateContext().runOnContext(v -> {
      for (int i = 1; i <= 200; i++) {
        send(String.valueOf(i), "message " + i);
      }
      firstAnswer.complete(new ModelReply("first answer", Usage.NONE));
    });

    assertEquals("first answer", telegram.reply(0).text());
    assertEquals("later answer", telegram.reply(1).text());
    List<ChatMessage> second = models.requests(A).get(1).messages();
    String joined = second.get(second.size() - 1).text();
    assertTrue(joined.startsWith("message 1\n\nmessage 2\n\n"), joined);
    assertTrue(joined.endsWith("message 50"), "50 messages at most in one turn: " + joined.length() + " chars");
    assertEquals(2, models.calls(A), "the rest of the flood was not queued for more turns");
  }

  private void send(String id, String text) {
    vertx.eventBus().send(Addresses.INBOUND, new InboundMessage("telegram:" + id, "telegram", "bot1", "42",
        ChatType.DM, "u1", "Ada", null, text, System.currentTimeMillis(), null).toJson());
  }
}

package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import static dev.switchboard.routing.ChainFixtures.catalogWithPrompt;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static dev.switchboard.routing.ScriptedModels.error;
import static dev.switchboard.routing.ScriptedModels.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code switchboard.ask}: what another verticle or the HTTP API gets back. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class RouterVerticleAskTest {

  private static final String SYSTEM_PROMPT = "Answer briefly.";

  private Vertx vertx;
  private ScriptedModels models;
  private InMemorySessionHistory history;

  @BeforeEach
  void deployRouter(Vertx vertx) throws Exception {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    history = new InMemorySessionHistory();
    RouterVerticle router = new RouterVerticle(catalogWithPrompt(providersAB(), SYSTEM_PROMPT, A, B), models, history,
        new Metrics());
    vertx.deployVerticle(router).await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  private AskReply ask(JsonObject body) throws Exception {
    Message<JsonObject> reply = vertx.eventBus().<JsonObject>request(Addresses.ASK, body)
        .await(AWAIT_SECONDS, TimeUnit.SECONDS);
    return AskReply.fromJson(reply.body());
  }

  private ReplyException askFails(Object body) {
    return assertThrows(ReplyException.class,
        () -> vertx.eventBus().request(Addresses.ASK, body).await(AWAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void aSessionsHistoryIsSentOnTheNextTurn() throws Exception {
    models.script(A, text("Hello Ada."), text("You are Ada."));

    assertEquals("Hello Ada.", ask(AskRequest.text("s1", "I am Ada").toJson()).text());
    AskReply second = ask(AskRequest.text("s1", "Who am I?").toJson());

    assertEquals("You are Ada.", second.text());
    assertEquals(A, second.model());
    assertNull(second.fallbackFrom());
    assertEquals(List.of(ChatMessage.user("I am Ada"), ChatMessage.assistant("Hello Ada."), ChatMessage.user("Who am I?")),
        models.requests(A).get(1).messages());
    assertEquals(SYSTEM_PROMPT, models.requests(A).get(1).instructions());
  }

  @Test
  void statelessMessagesAreSentAsGivenAndNotKept() throws Exception {
    JsonObject body = new JsonObject().put("session", "s2").put("text", "and the third?")
        .put("instructions", "Count.")
        .put("messages", new JsonArray().add(ChatMessage.user("first?").toJson())
            .add(ChatMessage.assistant("one").toJson()));

    AskReply reply = ask(body);

    assertEquals("answer from " + A, reply.text());
    assertEquals(List.of(ChatMessage.user("first?"), ChatMessage.assistant("one"), ChatMessage.user("and the third?")),
        models.requests(A).get(0).messages());
    assertEquals("Count.", models.requests(A).get(0).instructions());
    assertEquals(List.of(), history.load("s2").await(AWAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void aFallbackIsReportedWithItsPrimary() throws Exception {
    models.script(A, error(ModelErrorClass.SERVER));

    AskReply reply = ask(AskRequest.text(null, "hi").toJson());

    assertEquals(B, reply.model());
    assertEquals(A, reply.fallbackFrom());
  }

  @Test
  void aChosenModelByRefOrAliasAnswersWithoutTheChain() throws Exception {
    models.script(B, text("from b"));

    AskReply byRef = ask(new AskRequest(null, "hi", List.of(), null, B).toJson());
    AskReply byAlias = ask(new AskRequest(null, "hi", List.of(), null, "FAST").toJson());
    AskReply byChainName = ask(new AskRequest(null, "hi", List.of(), null, "switchboard").toJson());

    assertEquals("from b", byRef.text());
    assertEquals(A, byAlias.model());
    assertEquals(A, byChainName.model());
    assertEquals(1, models.calls(B));
  }

  @Test
  void aChosenModelThatFailsDoesNotFallBack() {
    models.script(B, error(ModelErrorClass.SERVER));

    ReplyException failure = askFails(new AskRequest(null, "hi", List.of(), null, B).toJson());

    assertEquals(503, failure.failureCode());
    assertEquals(0, models.calls(A));
  }

  @Test
  void anUnknownModelFailsWith404NamingTheKnownModels() {
    ReplyException failure = askFails(new AskRequest(null, "hi", List.of(), null, "nope/model").toJson());

    assertEquals(404, failure.failureCode());
    assertTrue(failure.getMessage().contains("nope/model"), failure.getMessage());
    assertTrue(failure.getMessage().contains(A) && failure.getMessage().contains(B), failure.getMessage());
  }

  @Test
  void aBadBodyFailsWith400() {
    assertEquals(400, askFails(new JsonObject().put("session", "s")).failureCode());
    assertEquals(400, askFails(new JsonObject().put("text", 42)).failureCode());
    assertEquals(400, askFails("not json").failureCode());
    assertEquals(0, models.calls(A));
  }

  @Test
  void aRequestTheModelRejectsFailsWith400AndIsNotKept() throws Exception {
    models.script(A, error(ModelErrorClass.BAD_REQUEST));

    ReplyException failure = askFails(AskRequest.text("s3", "bad").toJson());

    assertEquals(400, failure.failureCode());
    assertEquals(List.of(), history.load("s3").await(AWAIT_SECONDS, TimeUnit.SECONDS));
  }
}

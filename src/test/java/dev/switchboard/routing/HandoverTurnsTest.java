package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.HandoverRequest;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.SessionMode;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.HandoverConfig;
import dev.switchboard.model.ModelReply;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.handover.Handover;
import dev.switchboard.store.ChangedAfterRead;
import dev.switchboard.store.HandoverModes;
import dev.switchboard.store.SessionKeys;
import dev.switchboard.store.SqliteStore;
import dev.switchboard.store.Store;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static dev.switchboard.routing.ScriptedModels.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A turn on one node (no claims) against an operator's change of mode made while it runs: a user's keyword,
 * messages kept for a person, the bot's answer.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HandoverTurnsTest {

  private static final String TOLD = "A person will answer you here shortly.";
  private static final String MARKER = "test_marker";

  @TempDir
  Path dir;
  private Store store;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close().await();
    }
  }

  @Test
  void anOperatorsHandBackRightAfterAKeywordTurnReadTheModeStandsAndTheUserIsStillTold(Vertx vertx)
      throws TimeoutException {
    store = SqliteStore.open(vertx, dir.resolve("store.db").toString(), Clock.systemUTC()).await();
    InboundMessage keyword = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "human", System.currentTimeMillis(), null);
    String session = SessionKeys.of(keyword);
    HandoverModes handedBackAfterRead = new ChangedAfterRead(store.handoverModes(), session, () -> vertx.eventBus()
        .request(Addresses.HANDOVER, new HandoverRequest(session, SessionMode.BOT).toJson()));
    Handover handover = new Handover(new HandoverConfig(List.of("human"), TOLD, 60), handedBackAfterRead,
        store.sessionHistory(), vertx, Clock.systemUTC());
    List<String> events = new CopyOnWriteArrayList<>();
    Promise<Void> markerSeen = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, event -> {
      events.add(event.body().getString("type"));
      if (MARKER.equals(event.body().getString("type"))) {
        markerSeen.complete();
      }
    }).completion().await();
    vertx.deployVerticle(new RouterVerticle(catalog(providersAB(), A, B), new ScriptedModels(vertx),
        store.sessionHistory(), new Metrics()).withHandover(handover)).await();
    DeliveredReplies telegram = DeliveredReplies.listen(vertx, "telegram", 1);

    vertx.eventBus().send(Addresses.INBOUND, keyword.toJson());

    assertEquals(TOLD, telegram.reply(0).text(), "the user asked before the operator decided, and is answered");
    assertEquals(SessionMode.BOT, store.handoverModes().get(session).await().orElseThrow().mode(),
        "the operator's hand-back, made after the turn read the mode, stands");
    assertEquals(List.of(ChatMessage.user(keyword.text()), ChatMessage.assistant(TOLD)),
        store.sessionHistory().load(session).await());
    // Whatever the turn published came before its reply, so before this marker.
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", MARKER));
    markerSeen.future().await();
    assertEquals(List.of("handover", MARKER), events, "no handover_requested: the session did not go to a person");
  }

  @Test
  void anOperatorsHandBackRightAfterAKeptTurnReadTheModeHasTheBotAnswerTheMessageOnce(Vertx vertx)
      throws TimeoutException {
    store = SqliteStore.open(vertx, dir.resolve("store.db").toString(), Clock.systemUTC()).await();
    InboundMessage forThePerson = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100",
        "Ann", null, "Is my order on its way?", System.currentTimeMillis(), null);
    String session = SessionKeys.of(forThePerson);
    store.handoverModes().set(session, SessionMode.HUMAN, System.currentTimeMillis()).await();
    store.inbox().journal(forThePerson).await();
    HandoverModes handedBackAfterRead = new ChangedAfterRead(store.handoverModes(), session, () -> vertx.eventBus()
        .request(Addresses.HANDOVER, new HandoverRequest(session, SessionMode.BOT).toJson()));
    Handover handover = new Handover(new HandoverConfig(List.of("human"), TOLD, 60), handedBackAfterRead,
        store.sessionHistory(), vertx, Clock.systemUTC());
    vertx.deployVerticle(new RouterVerticle(catalog(providersAB(), A, B), new ScriptedModels(vertx),
        store.sessionHistory(), new Metrics()).withHandover(handover)).await();
    DeliveredReplies telegram = DeliveredReplies.listen(vertx, "telegram", 1);

    vertx.eventBus().send(Addresses.INBOUND, forThePerson.toJson());

    String answer = telegram.reply(0).text();
    assertTrue(answer.startsWith("answer from"), "the bot, which has the chat again, answers: " + answer);
    assertEquals(List.of(ChatMessage.user(forThePerson.text()), ChatMessage.assistant(answer)),
        store.sessionHistory().load(session).await(), "the message joins the history once, with the bot's answer");
    assertEquals(SessionMode.BOT, store.handoverModes().get(session).await().orElseThrow().mode());
  }

  @Test
  void anOperatorWhoTakesTheSessionWhileTheModelAnswersGetsTheMessageAndTheUserNoBotAnswer(Vertx vertx)
      throws TimeoutException {
    store = SqliteStore.open(vertx, dir.resolve("store.db").toString(), Clock.systemUTC()).await();
    HeldAnswer held = HeldAnswer.script(vertx);
    InboundMessage question = held.question();
    InboundMessage later = held.later();
    String session = held.session();
    Promise<Void> modelAnswering = held.modelAnswering();
    Promise<ModelReply> answer = held.answer();
    ScriptedModels models = held.models();
    Handover handover = new Handover(new HandoverConfig(List.of("human"), TOLD, 60), store.handoverModes(),
        store.sessionHistory(), vertx, Clock.systemUTC());
    RouterVerticle router = new RouterVerticle(catalog(providersAB(), A, B), models, store.sessionHistory(),
        new Metrics()).withHandover(handover);
    String deployment = vertx.deployVerticle(router).await();
    DeliveredReplies telegram = DeliveredReplies.listen(vertx, "telegram", 1);
    Promise<Reply> withheld = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.withheld("telegram"),
        notice -> withheld.tryComplete(Reply.fromJson(notice.body()))).completion().await();
    store.inbox().journal(question).await();
    vertx.eventBus().send(Addresses.INBOUND, question.toJson());
    modelAnswering.future().await();

    // An operator takes the session while the model is still answering; then the model answers.
    vertx.eventBus().request(Addresses.HANDOVER, new HandoverRequest(session, SessionMode.HUMAN).toJson()).await();
    answer.complete(new ModelReply("Your order ships today.", new Usage(10, 5)));
    router.drain().await();
    assertEquals(question.id(), withheld.future().await(AWAIT_SECONDS, TimeUnit.SECONDS).inboundId(),
        "the channel, which shows \"typing…\" and maybe the answer as it grew, is told that it will not come");
    List<ChatMessage> keptForTheOperator = store.sessionHistory().load(session).await();
    List<InboundMessage> leftToRunAgain = store.inbox().unanswered().await();

    // The operator hands the chat back; the user's next message, taken by the router after a restart, is the
    // bot's to answer.
    vertx.eventBus().request(Addresses.HANDOVER, new HandoverRequest(session, SessionMode.BOT).toJson()).await();
    vertx.undeploy(deployment).await();
    String restarted = vertx.deployVerticle(new RouterVerticle(catalog(providersAB(), A, B), models,
        store.sessionHistory(), new Metrics()).withHandover(handover)).await();
    store.inbox().journal(later).await();
    vertx.eventBus().send(Addresses.INBOUND, later.toJson());

    assertEquals("The invoice is attached.", telegram.reply(0).text(),
        "the first reply the user gets answers their later message: the withheld answer never went out");
    vertx.undeploy(restarted).await();
    assertEquals(List.of(ChatMessage.user(question.text())), keptForTheOperator,
        "the operator found the question kept for them, and no answer from the bot");
    assertEquals(List.of(), leftToRunAgain, "answered once kept: not run again after a restart");
    assertEquals(List.of(ChatMessage.user(question.text()), ChatMessage.user(later.text())),
        models.requests(A).get(1).messages(), "the bot did not say what was withheld, and the question is there once");
  }
}

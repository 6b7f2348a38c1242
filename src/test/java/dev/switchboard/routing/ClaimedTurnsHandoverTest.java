package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.ConversationEvent;
import dev.switchboard.bus.HandoverRequest;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.SessionMode;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.HandoverConfig;
import dev.switchboard.model.ModelReply;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.handover.Handover;
import dev.switchboard.store.ChunkedReply;
import dev.switchboard.store.ClaimedTurn;
import dev.switchboard.store.HistoryChange;
import dev.switchboard.store.InboxClaims;
import dev.switchboard.store.HandoverDecision;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static dev.switchboard.routing.ScriptedModels.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's keyword hands the session to a person in a claimed turn (DESIGN.md §10.1, §14): the user
 * is told so exactly once, whichever node finishes the turn, and an operator's change of mode made
 * while the turn runs is not overwritten. An operator who takes the session while the bot answers gets
 * the messages, and the user no answer from the bot.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClaimedTurnsHandoverTest extends ClaimedTurnsTestBase {

  private static final String TOLD = "A person will answer you here shortly.";
  private static final String MARKER = "test_marker";

  private RouterVerticle node(Vertx vertx, InboxClaims claims, String owner) {
    return node(vertx, claims, owner, new ScriptedModels(vertx));
  }

  private RouterVerticle node(Vertx vertx, InboxClaims claims, String owner, ScriptedModels models) {
    Handover handover = new Handover(new HandoverConfig(List.of("human"), TOLD, 60), store.handoverModes(),
        store.sessionHistory(), vertx, Clock.systemUTC());
    return new RouterVerticle(catalog(providersAB(), A, B), models, store.sessionHistory(),
        new Metrics()).withHandover(handover).claimingTurns(claims, owner, LEASE, Map.of());
  }

  @Test
  void aKeywordTurnTakenOverFromAPausedNodeStillTellsTheUserOnce(Vertx vertx) {
    openStore(vertx);
    InboundMessage keyword = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "Can a human help me?", System.currentTimeMillis(), null);
    String session = SessionKeys.of(keyword);
    List<String> events = new CopyOnWriteArrayList<>();
    Promise<Void> requestedSeen = Promise.promise();
    Promise<Void> markerSeen = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, event -> {
      String type = event.body().getString("type");
      events.add(type);
      (MARKER.equals(type) ? markerSeen : "handover_requested".equals(type) ? requestedSeen : Promise.promise())
          .tryComplete();
    }).completion().await();
    Promise<Void> wakeUp = Promise.promise();
    HeldAnswers ofA = new HeldAnswers(store.inboxClaims(), wakeUp.future());
    RouterVerticle nodeA = node(vertx, ofA, "node-a");
    vertx.deployVerticle(nodeA).await();
    store.inbox().journal(keyword).await();
    ofA.answering.future().await();

    // Node A pauses right before its answer, past its lease: the turn goes to node B.
    Future<Void> drainedA = nodeA.drain();
    nodeA.releaseClaims().await();
    HeldAnswers ofB = new HeldAnswers(store.inboxClaims(), Future.succeededFuture());
    vertx.deployVerticle(node(vertx, ofB, "node-b")).await();
    ofB.answered.future().await();
    wakeUp.complete();
    drainedA.await();
    // Node A's fenced-out answer is settled: anything it published is queued before this marker.
    requestedSeen.future().await();
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", MARKER));
    markerSeen.future().await();
    assertEquals(List.of("handover_requested", MARKER), events.stream()
        .filter(type -> type.equals("handover_requested") || type.equals(MARKER)).toList(),
        "announced once, by the node whose answer was written");

    assertEquals(List.of(TOLD), store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList(),
        "the user is told once that a person comes");
    assertEquals(List.of(ChatMessage.user(keyword.text()), ChatMessage.assistant(TOLD)),
        store.sessionHistory().load(session).await());
    assertEquals(SessionMode.HUMAN, store.handoverModes().get(session).await().orElseThrow().mode());
    assertTrue(store.inbox().unanswered().await().isEmpty());
  }

  @Test
  void aKeywordTurnPublishesTheHandoverOnceItsAnswerIsWritten(Vertx vertx) {
    openStore(vertx);
    InboundMessage keyword = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "human", System.currentTimeMillis(), null);
    String session = SessionKeys.of(keyword);
    Promise<JsonObject> requested = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, event -> {
      if ("handover_requested".equals(event.body().getString("type"))) {
        requested.tryComplete(event.body());
      }
    }).completion().await();
    vertx.deployVerticle(node(vertx, store.inboxClaims(), "node-a")).await();
    store.inbox().journal(keyword).await();

    assertEquals(session, requested.future().await().getString("session"));
    assertEquals(SessionMode.HUMAN, store.handoverModes().get(session).await().orElseThrow().mode(),
        "published once stored");
    assertEquals(List.of(TOLD), store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList());
  }

  @Test
  void anOperatorsHandBackWhileAKeywordTurnAnswersStandsAndTheUserIsStillTold(Vertx vertx) {
    openStore(vertx);
    InboundMessage keyword = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "human", System.currentTimeMillis(), null);
    String session = SessionKeys.of(keyword);
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    Promise<Void> markerSeen = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, event -> {
      events.add(event.body());
      if (MARKER.equals(event.body().getString("type"))) {
        markerSeen.complete();
      }
    }).completion().await();
    Promise<Void> wakeUp = Promise.promise();
    HeldAnswers held = new HeldAnswers(store.inboxClaims(), wakeUp.future());
    RouterVerticle router = node(vertx, held, "node-a");
    vertx.deployVerticle(router).await();
    store.inbox().journal(keyword).await();
    held.answering.future().await();

    // The turn decided to hand over; before its answer commits, an operator gives the session back to the bot.
    vertx.eventBus().request(Addresses.HANDOVER, new HandoverRequest(session, SessionMode.BOT).toJson()).await();
    wakeUp.complete();
    router.drain().await();
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", MARKER));
    markerSeen.future().await();

    assertEquals(SessionMode.BOT, store.handoverModes().get(session).await().orElseThrow().mode(),
        "the operator's decision, made after the turn read the mode, stands");
    assertEquals(List.of("handover:bot:operator", MARKER), events.stream().map(event -> event.getString("type")
        + (event.containsKey("mode") ? ":" + event.getString("mode") + ":" + event.getString("reason") : "")).toList(),
        "no handover_requested: the session did not go to a person");
    assertEquals(List.of(TOLD), store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList(),
        "the user, who asked for a person before the operator's decision, is answered all the same");
    assertEquals(List.of(ChatMessage.user(keyword.text()), ChatMessage.assistant(TOLD)),
        store.sessionHistory().load(session).await());
    assertTrue(store.inbox().unanswered().await().isEmpty());
  }

  @Test
  void anOperatorsHandBackWhileAKeptVoiceNoteAnswersHasTheBotAnswerItOnceAsRead(Vertx vertx) {
    HeldNote held = heldKeptNote(vertx);
    KeptNote note = held.note();
    String session = note.session();
    RouterVerticle router = held.router();

    // The turn kept the message for the person; before its answer commits, an operator gives the chat back.
    vertx.eventBus().request(Addresses.HANDOVER, new HandoverRequest(session, SessionMode.BOT).toJson()).await();
    held.wakeUp().complete();
    note.outboxWritten().await();
    router.drain().await();

    List<String> written = store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList();
    assertEquals(2, written.size(), "the transcript's echo, and the bot's one answer: " + written);
    assertEquals(VoiceNotes.echoOf("Is my order on its way?"), written.get(0));
    assertTrue(written.get(1).startsWith("answer from"), written.get(1));
    assertEquals(List.of(ChatMessage.user("[Audio] Transcript: Is my order on its way?"),
        ChatMessage.assistant(written.get(1))), store.sessionHistory().load(session).await(),
        "the message joins the history once, with the bot's answer");
    assertTrue(store.inbox().unanswered().await().isEmpty());
    assertEquals(1, note.voiceNotes().downloads(), "the bot answers the note as the turn read it");
    assertEquals(1, note.voiceNotes().transcriber.requests().size());
  }

  @Test
  void anOperatorWritingWhileAKeptVoiceNoteIsAnsweredLeavesItKeptOnceAndReadOnce(Vertx vertx) {
    HeldNote held = heldKeptNote(vertx);
    KeptNote note = held.note();
    String session = note.session();
    RouterVerticle router = held.router();

    // The turn kept the note for the person; before its answer commits, the operator writes in the chat,
    // which moves the mode's version as any operator activity does.
    operatorWrites(session).await();
    held.wakeUp().complete();
    note.outboxWritten().await();
    router.drain().await();

    assertEquals(1, note.voiceNotes().downloads(), "kept again as the turn read it, not downloaded again");
    assertEquals(1, note.voiceNotes().transcriber.requests().size(), "nor transcribed again");
    assertEquals(List.of(VoiceNotes.echoOf("Is my order on its way?")),
        store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList(),
        "the user sees the transcript's echo once, and nothing from the bot");
    assertEquals(List.of(ChatMessage.user("[Audio] Transcript: Is my order on its way?")),
        store.sessionHistory().load(session).await(), "kept for the person once");
    assertTrue(store.inbox().unanswered().await().isEmpty(), "answered, not left pending");
    assertEquals(SessionMode.HUMAN, store.handoverModes().get(session).await().orElseThrow().mode());
  }

  @Test
  void anOperatorWritingThroughEveryDecisionOnAKeptTurnHasItRunAgainFromTheStart(Vertx vertx) {
    openStore(vertx);
    KeptNote note = keptNote(vertx);
    String session = note.session();
    // The operator writes in the chat before each answer of the first claim, however often it decides again.
    AtomicInteger answers = new AtomicInteger();
    HeldAnswers touched = new HeldAnswers(store.inboxClaims(), () -> answers.getAndIncrement()
        < ClaimedTurns.MAX_DECISIONS ? operatorWrites(session) : Future.succeededFuture());
    RouterVerticle router = answering(vertx, note, touched);
    note.outboxWritten().await();
    router.drain().await();

    assertEquals(ClaimedTurns.MAX_DECISIONS + 1, answers.get(), "decided on again up to the bound, then once more");
    assertEquals(2, note.voiceNotes().downloads(), "the claim was given back once, and the note read again");
    assertEquals(List.of(VoiceNotes.echoOf("Is my order on its way?")),
        store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList());
    assertEquals(List.of(ChatMessage.user("[Audio] Transcript: Is my order on its way?")),
        store.sessionHistory().load(session).await(), "kept for the person once");
    assertTrue(store.inbox().unanswered().await().isEmpty());
  }

  @Test
  void aVoiceNoteAskingForAPersonHandsTheSessionOver(Vertx vertx) {
    openStore(vertx);
    VoiceNotes voiceNotes = VoiceNotes.saying(vertx, "Can a human help me?");
    InboundMessage spoken = VoiceNotes.fromAnn("1");
    String session = SessionKeys.of(spoken);
    Promise<Void> answered = Promise.promise();
    vertx.eventBus().consumer(Addresses.outbox("telegram"), written -> answered.tryComplete()).completion().await();
    store.inbox().journal(spoken).await();
    vertx.deployVerticle(node(vertx, store.inboxClaims(), "node-a").readingMedia(voiceNotes.media())).await();
    answered.future().await();

    assertEquals(List.of(VoiceNotes.echoOf("Can a human help me?"), TOLD),
        store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList(), "echoed, then told");
    assertEquals(SessionMode.HUMAN, store.handoverModes().get(session).await().orElseThrow().mode());
    assertEquals(List.of(ChatMessage.user("[Audio] Transcript: Can a human help me?"), ChatMessage.assistant(TOLD)),
        store.sessionHistory().load(session).await(), "kept as read, the transcript");
  }

  @Test
  void anOperatorWhoTakesTheSessionWhileTheModelAnswersGetsTheMessageAndTheUserNoBotAnswer(Vertx vertx)
      throws TimeoutException {
    openStore(vertx);
    HeldAnswer held = HeldAnswer.script(vertx);
    InboundMessage question = held.question();
    InboundMessage later = held.later();
    String session = held.session();
    Promise<Void> modelAnswering = held.modelAnswering();
    Promise<ModelReply> answer = held.answer();
    ScriptedModels models = held.models();
    List<Promise<Void>> outboxWrites = List.of(Promise.promise(), Promise.promise());
    AtomicInteger writes = new AtomicInteger();
    vertx.eventBus().consumer(Addresses.outbox("telegram"), written -> {
      int write = writes.getAndIncrement();
      if (write < outboxWrites.size()) {
        outboxWrites.get(write).complete();
      }
    }).completion().await();
    List<String> conversation = new CopyOnWriteArrayList<>();
    Promise<Void> markerSeen = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.CONVERSATION, item -> {
      ConversationEvent event = ConversationEvent.fromJson(item.body());
      conversation.add(event.type() + ":" + event.id());
      if (MARKER.equals(event.type())) {
        markerSeen.complete();
      }
    }).completion().await();
    Promise<Reply> withheld = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.withheld("telegram"),
        notice -> withheld.tryComplete(Reply.fromJson(notice.body()))).completion().await();
    RouterVerticle router = node(vertx, store.inboxClaims(), "node-a", models);
    vertx.deployVerticle(router).await();
    store.inbox().journal(question).await();
    vertx.eventBus().publish(Addresses.INBOUND, question.toJson());
    modelAnswering.future().await();

    // An operator takes the session while the model is still answering; then the model answers.
    vertx.eventBus().request(Addresses.HANDOVER, new HandoverRequest(session, SessionMode.HUMAN).toJson()).await();
    answer.complete(new ModelReply("Your order ships today.", new Usage(10, 5)));
    outboxWrites.get(0).future().await();

    assertEquals(List.of(), store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList(),
        "nothing from the bot for the user");
    assertEquals(question.id(), withheld.future().await(AWAIT_SECONDS, TimeUnit.SECONDS).inboundId(),
        "this node's channel, which may show the answer as it grew, is told that it will not come");
    assertEquals(List.of(ChatMessage.user(question.text())), store.sessionHistory().load(session).await(),
        "the operator finds the question kept for them, and no answer from the bot");
    assertEquals(List.of(), store.inbox().unanswered().await(), "answered: not claimed and run again");

    // The operator hands the chat back; the user's next message is the bot's to answer.
    vertx.eventBus().request(Addresses.HANDOVER, new HandoverRequest(session, SessionMode.BOT).toJson()).await();
    store.inbox().journal(later).await();
    vertx.eventBus().publish(Addresses.INBOUND, later.toJson());
    outboxWrites.get(1).future().await();
    router.drain().await();
    vertx.eventBus().publish(Addresses.CONVERSATION, new ConversationEvent(MARKER, session, "telegram", "100", null,
        "", null, "marker", 0).toJson());
    markerSeen.future().await();

    assertEquals(List.of("The invoice is attached."),
        store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList(),
        "the only reply the user gets answers their later message");
    assertEquals(List.of("reply:" + later.id(), MARKER + ":marker"), conversation,
        "the withheld answer is not on the conversation feed either");
    assertEquals(List.of(ChatMessage.user(question.text()), ChatMessage.user(later.text())),
        models.requests(A).get(1).messages(), "the bot did not say what was withheld, and the question is there once");
  }

  /**
   * An operator writes in the session's chat, which moves its mode's version: activity at a time later than
   * the last, as activity within the same millisecond moves nothing.
   */
  private Future<Void> operatorWrites(String session) {
    return store.handoverModes().get(session).compose(state -> store.handoverModes().touch(session,
        Math.max(System.currentTimeMillis(), state.orElseThrow().activeAt() + 1)));
  }

  /** A voice note for the person who has its session, and the first write to the outbox that follows it. */
  private record KeptNote(VoiceNotes voiceNotes, InboundMessage message, String session, Future<Void> outboxWritten) {
  }

  private KeptNote keptNote(Vertx vertx) {
    VoiceNotes voiceNotes = VoiceNotes.saying(vertx, "Is my order on its way?");
    InboundMessage message = VoiceNotes.fromAnn("1");
    String session = SessionKeys.of(message);
    store.handoverModes().set(session, SessionMode.HUMAN, System.currentTimeMillis()).await();
    Promise<Void> written = Promise.promise();
    vertx.eventBus().consumer(Addresses.outbox("telegram"), chunk -> written.tryComplete()).completion().await();
    return new KeptNote(voiceNotes, message, session, written.future());
  }

  /** A kept note's turn on node A, held just before its answer commits until {@code wakeUp} completes. */
  private record HeldNote(KeptNote note, Promise<Void> wakeUp, RouterVerticle router) {
  }

  private HeldNote heldKeptNote(Vertx vertx) {
    openStore(vertx);
    KeptNote note = keptNote(vertx);
    Promise<Void> wakeUp = Promise.promise();
    HeldAnswers held = new HeldAnswers(store.inboxClaims(), wakeUp.future());
    RouterVerticle router = answering(vertx, note, held);
    held.answering.future().await();
    return new HeldNote(note, wakeUp, router);
  }

  /** Node A, answering through {@code claims} and reading the note's file, started; then the note arrives. */
  private RouterVerticle answering(Vertx vertx, KeptNote note, InboxClaims claims) {
    RouterVerticle router = node(vertx, claims, "node-a").readingMedia(note.voiceNotes().media());
    vertx.deployVerticle(router).await();
    store.inbox().journal(note.message()).await();
    return router;
  }

  /**
   * A node's claims whose answers each wait for what {@code beforeEachAnswer} does, as a node paused right
   * before it answers while others act.
   */
  private static final class HeldAnswers implements InboxClaims {

    private final InboxClaims claims;
    private final Supplier<Future<Void>> beforeEachAnswer;
    /** Completed when the node is about to answer. */
    final Promise<Void> answering = Promise.promise();
    /** Completed once the node's answer was written or fenced out. */
    final Promise<Void> answered = Promise.promise();

    /** Answers that wait for {@code wakeUp}. */
    HeldAnswers(InboxClaims claims, Future<Void> wakeUp) {
      this(claims, () -> wakeUp);
    }

    HeldAnswers(InboxClaims claims, Supplier<Future<Void>> beforeEachAnswer) {
      this.claims = claims;
      this.beforeEachAnswer = beforeEachAnswer;
    }

    @Override
    public Future<List<ClaimedTurn>> claimTurns(String owner, Duration lease, int maxTurns) {
      return claims.claimTurns(owner, lease, maxTurns);
    }

    @Override
    public Future<Boolean> renew(long token, Duration lease) {
      return claims.renew(token, lease);
    }

    @Override
    public Future<Optional<Answered>> answer(ClaimedTurn turn, HistoryChange history, HandoverDecision handover,
                                             List<ChunkedReply> notes, ChunkedReply reply) {
      answering.tryComplete();
      return beforeEachAnswer.get().compose(awake -> claims.answer(turn, history, handover, notes, reply))
          .onComplete(done -> answered.tryComplete());
    }

    @Override
    public Future<Boolean> drop(long token, String reason) {
      return claims.drop(token, reason);
    }

    @Override
    public Future<Boolean> release(long token) {
      return claims.release(token);
    }
  }
}

package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.MediaConfig;
import dev.switchboard.model.ModelReply;
import dev.switchboard.ops.Metrics;
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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two routers claiming turns from one store, as two nodes of a cluster do: a node whose claim went to
 * another while its model was still answering leaves nothing behind, not even in the history, and the
 * user sees nothing of it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClaimedTurnsTakeoverTest extends ClaimedTurnsTestBase {

  private RouterVerticle node(ScriptedModels models, String owner, MediaConfig media) {
    return new RouterVerticle(catalog(providersAB(), A, B), models, store.sessionHistory(), new Metrics())
        .readingMedia(media).claimingTurns(store.inboxClaims(), owner, LEASE, Map.of());
  }

  @Test
  void aNodeWhoseClaimWasTakenOverWhileItsModelWorkedKeepsNothingInTheHistory(Vertx vertx) {
    openStore(vertx);
    InboundMessage question = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "Is it in blue?", System.currentTimeMillis(), null);
    String session = SessionKeys.of(question);

    takenOverWhileItsModelWorks(vertx, MediaConfig.defaults(), question);

    assertEquals(List.of(ChatMessage.user("Is it in blue?"), ChatMessage.assistant("answer from " + A)),
        store.sessionHistory().load(session).await(), "the history holds the turn the user was answered");
    assertEquals(List.of("answer from " + A),
        store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList());
  }

  @Test
  void aVoiceNoteTakenOverFromANodeIsEchoedOnceByTheNodeThatAnswersIt(Vertx vertx) {
    openStore(vertx);
    VoiceNotes voiceNotes = VoiceNotes.saying(vertx, "Is it in blue?");
    InboundMessage spoken = VoiceNotes.fromAnn("1");
    List<Reply> sentAtOnce = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.outbound("telegram"), sent -> sentAtOnce.add(
        Reply.fromJson(sent.body()))).completion().await();

    takenOverWhileItsModelWorks(vertx, voiceNotes.media(), spoken);

    assertEquals(List.of(), sentAtOnce, "nothing goes to the chat outside the answer of a claim that holds");
    List<OutboxChunk> written = store.outbox().pending("telegram").await();
    assertEquals(List.of(VoiceNotes.echoOf("Is it in blue?"), "answer from " + A),
        written.stream().map(OutboxChunk::text).toList(), "echoed once, before the answer");
    assertEquals(List.of(spoken.id() + "#media", spoken.id()), written.stream().map(OutboxChunk::inboundId).toList());
    assertEquals(2, voiceNotes.transcriber.requests().size(), "read by each node that ran the turn");
  }

  /**
   * Node A claims the turn of {@code journaled}; while its model works, A stops and its drain runs out of
   * time, so the claim goes back and node B claims and answers the turn; only then does A's model answer.
   * Both nodes read files as {@code media} says. Returns once A's late answer is settled.
   */
  private void takenOverWhileItsModelWorks(Vertx vertx, MediaConfig media, InboundMessage journaled) {
    Promise<Void> askedOnA = Promise.promise();
    Promise<ModelReply> answerOnA = Promise.promise();
    ScriptedModels modelsOfA = new ScriptedModels(vertx).script(A, (v, request) -> {
      askedOnA.tryComplete();
      return answerOnA.future();
    });
    RouterVerticle nodeA = node(modelsOfA, "node-a", media);
    vertx.deployVerticle(nodeA).await();
    store.inbox().journal(journaled).await();
    askedOnA.future().await();

    Future<Void> drainedA = nodeA.drain();
    nodeA.releaseClaims().await();
    Promise<Void> writtenByB = Promise.promise();
    vertx.eventBus().consumer(Addresses.outbox("telegram"), written -> writtenByB.tryComplete()).completion().await();
    vertx.deployVerticle(node(new ScriptedModels(vertx), "node-b", media)).await();
    writtenByB.future().await();

    answerOnA.complete(new ModelReply("A's late answer", new Usage(10, 5)));
    drainedA.await();
  }
}

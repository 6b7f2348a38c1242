package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Usage;
import dev.switchboard.model.ModelReply;
import dev.switchboard.ops.Metrics;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two routers claiming turns from one store, as two nodes of a cluster do: a node whose claim went to
 * another while its model was still answering leaves nothing behind, not even in the history.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClaimedTurnsTakeoverTest extends ClaimedTurnsTestBase {


  private RouterVerticle node(ScriptedModels models, String owner) {
    return new RouterVerticle(catalog(providersAB(), A, B), models, store.sessionHistory(), new Metrics())
        .claimingTurns(store.inboxClaims(), owner, LEASE, Map.of());
  }

  @Test
  void aNodeWhoseClaimWasTakenOverWhileItsModelWorkedKeepsNothingInTheHistory(Vertx vertx) {
    openStore(vertx);
    InboundMessage question = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "Is it in blue?", System.currentTimeMillis(), null);
    String session = SessionKeys.of(question);
    Promise<Void> askedOnA = Promise.promise();
    Promise<ModelReply> answerOnA = Promise.promise();
    ScriptedModels modelsOfA = new ScriptedModels(vertx).script(A, (v, request) -> {
      askedOnA.tryComplete();
      return answerOnA.future();
    });
    RouterVerticle nodeA = node(modelsOfA, "node-a");
    vertx.deployVerticle(nodeA).await();
    store.inbox().journal(question).await();
    askedOnA.future().await();

    // Node A stops while its model works, and its drain runs out of time: the claim goes back.
    Future<Void> drainedA = nodeA.drain();
    nodeA.releaseClaims().await();
    Promise<Void> writtenByB = Promise.promise();
    vertx.eventBus().consumer(Addresses.outbox("telegram"), written -> writtenByB.tryComplete()).completion().await();
    vertx.deployVerticle(node(new ScriptedModels(vertx), "node-b")).await();
    writtenByB.future().await();

    answerOnA.complete(new ModelReply("A's late answer", new Usage(10, 5)));
    drainedA.await();

    assertEquals(List.of(ChatMessage.user("Is it in blue?"), ChatMessage.assistant("answer from " + A)),
        store.sessionHistory().load(session).await(), "the history holds the turn the user was answered");
    assertEquals(List.of("answer from " + A),
        store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList());
  }
}

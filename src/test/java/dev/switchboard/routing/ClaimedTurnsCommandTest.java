package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.model.ModelRequest;
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
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chat command claimed from the shared inbox together with other messages of its session (they
 * arrived while the node was busy or down) runs in its place, as on one node: what came before it is
 * one turn, the command is answered, and what came after it is the next turn.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClaimedTurnsCommandTest extends ClaimedTurnsTestBase {

  private static final String RESET_REPLY = "New conversation started: I have forgotten the earlier messages.";

  private static InboundMessage fromAnn(String id, String text) {
    return new InboundMessage("telegram:" + id, "telegram", "bot1", "100", ChatType.DM, "100", "Ann", null, text,
        System.currentTimeMillis(), null);
  }

  @Test
  void aCommandAmongClaimedMessagesIsAnsweredInItsPlace(Vertx vertx) {
    openStore(vertx);
    InboundMessage before = fromAnn("1", "Is it in blue?");
    InboundMessage reset = fromAnn("2", "/new");
    InboundMessage after = fromAnn("3", "Start again: do you ship to Rome?");
    ScriptedModels models = new ScriptedModels(vertx);
    List<OutboxChunk> replies = claimedAndAnswered(vertx, models, 3, before, reset, after);
    assertEquals(List.of("answer from " + A, RESET_REPLY, "answer from " + A),
        replies.stream().map(OutboxChunk::text).toList(), "the command answered between the two model turns");
    assertEquals(List.of(before.id(), reset.id(), after.id()), replies.stream().map(OutboxChunk::inboundId).toList());
    List<ModelRequest> asked = models.requests(A);
    assertEquals(2, asked.size(), "the command never reached the model");
    assertEquals(List.of(ChatMessage.user(after.text())), asked.get(1).messages(),
        "the turn after /new starts a new conversation");
    assertEquals(List.of(ChatMessage.user(after.text()), ChatMessage.assistant("answer from " + A)),
        store.sessionHistory().load(SessionKeys.of(after)).await());
    assertTrue(store.inbox().unanswered().await().isEmpty(), "every message answered");
  }

  @Test
  void aCommandFirstInTheClaimIsItsOwnTurn(Vertx vertx) {
    openStore(vertx);
    InboundMessage reset = fromAnn("1", "/new");
    InboundMessage question = fromAnn("2", "Is it in blue?");
    InboundMessage more = fromAnn("3", "Or in red?");
    ScriptedModels models = new ScriptedModels(vertx);
    List<OutboxChunk> replies = claimedAndAnswered(vertx, models, 2, reset, question, more);
    assertEquals(List.of(RESET_REPLY, "answer from " + A),
        replies.stream().map(OutboxChunk::text).toList());
    assertEquals(List.of(reset.id(), more.id()), replies.stream().map(OutboxChunk::inboundId).toList(),
        "the two messages after the command are one turn, answered to the last");
    assertEquals(List.of(ChatMessage.user(question.text() + "\n\n" + more.text())), models.requests(A).get(0).messages());
  }

  /**
   * The messages journaled while no node ran, then one node claiming them with {@code models}: the
   * outbox once {@code count} replies were written.
   */
  private List<OutboxChunk> claimedAndAnswered(Vertx vertx, ScriptedModels models, int count,
                                               InboundMessage... journaled) {
    for (InboundMessage message : journaled) {
      store.inbox().journal(message).await();
    }
    Future<Void> written = replies(vertx, count);
    vertx.deployVerticle(new RouterVerticle(catalog(providersAB(), A, B), models, store.sessionHistory(), new Metrics())
        .claimingTurns(store.inboxClaims(), "node-a", LEASE, Map.of())).await();
    written.await();
    return store.outbox().pending("telegram").await();
  }

  /** Completes once {@code count} replies were written: each claimed turn's answer is announced on the channel's outbox address. */
  private static Future<Void> replies(Vertx vertx, int count) {
    Promise<Void> written = Promise.promise();
    AtomicInteger seen = new AtomicInteger();
    vertx.eventBus().consumer(Addresses.outbox("telegram"), announced -> {
      if (seen.incrementAndGet() == count) {
        written.complete();
      }
    }).completion().await();
    return written.future();
  }
}

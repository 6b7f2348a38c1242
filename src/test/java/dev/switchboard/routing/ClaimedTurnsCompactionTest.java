package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.CompactionConfig;
import dev.switchboard.config.HandoverConfig;
import dev.switchboard.model.ModelReply;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.handover.Handover;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.catalogWithCompaction;
import static dev.switchboard.routing.ChainFixtures.model;
import static dev.switchboard.routing.ChainFixtures.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A claimed turn that compacted its session's history, while an operator's message joined that history
 * outside the turn (DESIGN.md §10.1): the turn's answer replaces only what the turn read.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClaimedTurnsCompactionTest extends ClaimedTurnsTestBase {

  /** 20,000-token window: ten stored turns of 8,000 characters do not fit, so the oldest are dropped. */
  private static final String SMALL = "local/a";
  private static final String NOTE = "Your parcel left the warehouse this morning.";

  @Test
  void anOperatorsMessageSentWhileACompactingTurnRunsStaysInTheHistory(Vertx vertx) {
    openStore(vertx);
    InboundMessage question = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "Where is my parcel?", System.currentTimeMillis(), null);
    String session = SessionKeys.of(question);
    List<ChatMessage> past = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      past.add(ChatMessage.user("question " + i + " " + "x".repeat(4_000)));
      past.add(ChatMessage.assistant("answer " + i + " " + "y".repeat(4_000)));
    }
    store.sessionHistory().append(session, past).await();
    Promise<Void> asked = Promise.promise();
    Promise<ModelReply> answer = Promise.promise();
    ScriptedModels models = new ScriptedModels(vertx).script(SMALL, (v, request) -> {
      asked.tryComplete();
      return answer.future();
    });
    Handover handover = new Handover(HandoverConfig.DEFAULT, store.handoverModes(),
        store.sessionHistory(), vertx, Clock.systemUTC());
    RouterVerticle node = new RouterVerticle(catalogWithCompaction(List.of(provider("local", model("a", 20_000, 1_000))),
        new CompactionConfig(false, null, CompactionConfig.DEFAULT_KEEP_RECENT_TURNS), SMALL), models,
        store.sessionHistory(), new Metrics())
        .withHandover(handover)
        .claimingTurns(store.inboxClaims(), "node-a", LEASE, Map.of());
    Promise<Void> written = Promise.promise();
    vertx.eventBus().consumer(Addresses.outbox("telegram"), announced -> written.tryComplete()).completion().await();
    vertx.deployVerticle(node).await();
    store.inbox().journal(question).await();
    asked.future().await();

    // An operator writes to the chat while the model answers: any node takes the message at once.
    handover.operatorSent(session, NOTE).await();
    answer.complete(new ModelReply("It is on its way.", new Usage(10, 5)));
    written.future().await();

    List<ChatMessage> sent = models.requests(SMALL).get(0).messages();
    assertTrue(sent.size() < past.size() + 1, "the turn's conversation was compacted");
    List<ChatMessage> expected = new ArrayList<>(sent.subList(0, sent.size() - 1));
    expected.add(ChatMessage.assistant(NOTE));
    expected.add(ChatMessage.user(question.text()));
    expected.add(ChatMessage.assistant("It is on its way."));
    assertEquals(expected, store.sessionHistory().load(session).await(),
        "the compacted conversation, the operator's message, then the turn, as an appending turn keeps them");
  }
}

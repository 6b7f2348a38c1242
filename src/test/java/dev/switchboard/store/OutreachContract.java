package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.SessionMode;
import dev.switchboard.store.HandoverState;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Part of the {@link StoreContract}, run with it against both databases: what sends to people and
 * handovers keep (known chats, idempotency keys, platform ids, templates, modes), across a restart and
 * between two stores on one database, as two nodes of a cluster share it.
 */
@Timeout(30)
interface OutreachContract {

  Store open();

  Store reopen(Store store);

  Store beside();

  /** Moves the clock the stores write with. */
  void advanceClock(Duration duration);

  @Test
  default void aJournaledMessageMakesItsChatKnownWithTheLatestTimeAndItsSession() {
    Store store = open();
    InboundMessage first = StoreFixture.dm("100", "1", "hi");
    InboundMessage later = new InboundMessage("telegram:2", "telegram", "bot1", "100", first.chatType(), "100", "Ann",
        null, "again", first.receivedAt() + 60_000, null);
    InboundMessage replayedOld = new InboundMessage("telegram:0", "telegram", "bot1", "100", first.chatType(), "100",
        "Ann", null, "old", first.receivedAt() - 60_000, null);
    store.inbox().journal(first).await();
    store.inbox().journal(later).await();
    store.inbox().journal(replayedOld).await();

    Store reopened = reopen(store);
    KnownChat chat = reopened.chats().find("telegram", null, "100", null).await().orElseThrow();
    assertEquals(new KnownChat("telegram", "bot1", "100", null, StoreFixture.ANN, later.receivedAt()), chat);
    assertEquals(Optional.empty(), reopened.chats().find("telegram", "another-bot", "100", null).await());
    assertEquals(Optional.empty(), reopened.chats().find("telegram", null, "100", "7").await(), "a topic is another chat");
    assertEquals(Optional.empty(), reopened.chats().find("slack", null, "100", null).await());
  }

  @Test
  default void anIdempotencyKeyQueuesOnceEvenAfterARestart() {
    Store store = open();
    QueuedSend first = store.sends().enqueue(new OutboundMessage("send-1", "order-7", "telegram", "bot1", "100", null,
        List.of("part one", "part two"), null)).await();

    Store reopened = reopen(store);
    QueuedSend again = reopened.sends().enqueue(new OutboundMessage("send-2", "order-7", "telegram", "bot1", "100",
        null, List.of("part one", "part two"), null)).await();

    assertFalse(first.duplicate());
    assertEquals(List.of("part one", "part two"), first.chunks().stream().map(OutboxChunk::text).toList());
    assertTrue(again.duplicate());
    assertEquals("send-1", again.id());
    assertEquals(2, reopened.outbox().pending("telegram").await().size(), "nothing queued twice");
  }

  @Test
  default void anIdempotencyKeyGivenToTwoStoresAtOnceIsQueuedOnce() {
    Store one = open();
    Store other = beside();
    List<Future<QueuedSend>> racing = IntStream.range(0, 6).mapToObj(n -> (n % 2 == 0 ? one : other).sends()
        .enqueue(new OutboundMessage("send-" + n, "order-8", "telegram", "bot1", "100", null, List.of("once"), null)))
        .toList();
    List<QueuedSend> queued = racing.stream().map(send -> send.await()).toList();

    assertEquals(1, queued.stream().filter(send -> !send.duplicate()).count());
    String id = queued.stream().filter(send -> !send.duplicate()).findFirst().orElseThrow().id();
    assertTrue(queued.stream().allMatch(send -> send.id().equals(id)), "every duplicate names the one send");
    assertEquals(List.of("once"), one.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList());
  }

  @Test
  default void aTemplateIsOneChunkAndASentChunkIsFoundByThePlatformsId() {
    Store store = open();
    String template = "{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\",\"policy\":\"deterministic\"}}";
    OutboxChunk chunk = store.sends().enqueue(new OutboundMessage("send-9", null, "whatsapp", "106540352242922",
        "16505551234", null, List.of(), template)).await().chunks().get(0);
    store.outbox().markSent(chunk.id(), "wamid.ABC").await();

    Store reopened = reopen(store);
    assertEquals(template, chunk.template());
    assertEquals(Optional.of(new SentChunk("send-9", "whatsapp", "16505551234", 0)),
        reopened.sends().findSent("whatsapp", "wamid.ABC").await());
    assertEquals(Optional.empty(), reopened.sends().findSent("whatsapp", "wamid.OTHER").await());
  }

  @Test
  default void aPendingTemplateKeepsItsTemplateAcrossARestart() {
    Store store = open();
    store.sends().enqueue(new OutboundMessage("send-3", null, "whatsapp", null, "16505551234", null, List.of(),
        "{\"name\":\"welcome\"}")).await();

    Store reopened = reopen(store);
    OutboxChunk pending = reopened.outbox().pending("whatsapp").await().get(0);
    assertEquals("{\"name\":\"welcome\"}", pending.template());
    assertEquals("send-3", pending.inboundId());
  }

  @Test
  default void aHandoverModeSurvivesARestartAndOperatorActivityMovesOnlyForward() {
    Store store = open();
    long at = StoreFixture.START.toEpochMilli();
    store.handoverModes().set(StoreFixture.ANN, SessionMode.HUMAN, at).await();
    store.handoverModes().touch(StoreFixture.ANN, at + 5_000).await();
    store.handoverModes().touch(StoreFixture.ANN, at + 1_000).await();
    store.handoverModes().touch(StoreFixture.BOB, at).await();

    Store reopened = reopen(store);
    // Stored at its time, then one step for the one touch that moved the activity forward: a change since a
    // turn's read.
    assertEquals(Optional.of(new HandoverState(StoreFixture.ANN, SessionMode.HUMAN, at, at + 5_000, at + 1)),
        reopened.handoverModes().get(StoreFixture.ANN).await());
    assertEquals(Optional.empty(), reopened.handoverModes().get(StoreFixture.BOB).await(), "touch creates nothing");
    reopened.handoverModes().set(StoreFixture.ANN, SessionMode.BOT, at + 9_000).await();
    assertEquals(SessionMode.BOT, reopened.handoverModes().get(StoreFixture.ANN).await().orElseThrow().mode());
  }

  @Test
  default void aHandoverOnOneStoreHoldsOnTheOtherAtOnce() {
    Store one = open();
    Store other = beside();
    long at = StoreFixture.START.toEpochMilli();
    one.handoverModes().set(StoreFixture.ANN, SessionMode.HUMAN, at).await();
    assertEquals(SessionMode.HUMAN, other.handoverModes().get(StoreFixture.ANN).await().orElseThrow().mode());
    other.handoverModes().set(StoreFixture.ANN, SessionMode.BOT, at + 1_000).await();
    assertEquals(SessionMode.BOT, one.handoverModes().get(StoreFixture.ANN).await().orElseThrow().mode());
  }

  @Test
  default void aChangeOfModeFromTheModeReadIsStoredOnlyIfNoOneChangedItSince() {
    Store one = open();
    Store other = beside();
    long at = StoreFixture.START.toEpochMilli();
    ModeChange toHumanFromNone = new ModeChange(SessionMode.HUMAN, HandoverModes.UNSET);
    assertTrue(one.handoverModes().setIfUnchanged(StoreFixture.ANN, toHumanFromNone, at).await(), "none stored");
    assertFalse(other.handoverModes().setIfUnchanged(StoreFixture.ANN, toHumanFromNone, at).await(),
        "stored since it was read as none");
    HandoverState read = one.handoverModes().get(StoreFixture.ANN).await().orElseThrow();

    // An operator sets the mode again: the same mode, in the same millisecond, and still a decision made since.
    other.handoverModes().set(StoreFixture.ANN, SessionMode.HUMAN, at).await();
    assertFalse(one.handoverModes().setIfUnchanged(StoreFixture.ANN, new ModeChange(SessionMode.BOT, read.version()),
        at).await());
    HandoverState changed = other.handoverModes().get(StoreFixture.ANN).await().orElseThrow();
    assertEquals(SessionMode.HUMAN, changed.mode());

    // An operator speaks after the turn read the mode: the bot must not take the session back over it.
    other.handoverModes().touch(StoreFixture.ANN, at + 500).await();
    assertFalse(one.handoverModes().setIfUnchanged(StoreFixture.ANN, new ModeChange(SessionMode.BOT,
        changed.version()), at + 1_000).await(), "an operator was active since it was read");
    HandoverState touched = other.handoverModes().get(StoreFixture.ANN).await().orElseThrow();
    assertEquals(SessionMode.HUMAN, touched.mode());
    assertTrue(one.handoverModes().setIfUnchanged(StoreFixture.ANN, new ModeChange(SessionMode.BOT,
        touched.version()), at + 1_000).await(), "nothing since it was read");
    assertEquals(new HandoverState(StoreFixture.ANN, SessionMode.BOT, at + 1_000, at + 1_000, touched.version() + 1),
        other.handoverModes().get(StoreFixture.ANN).await().orElseThrow());
  }

  @Test
  default void aModePrunedAsIdleSinceItWasReadCountsAsUnchanged() {
    Store store = open();
    store.handoverModes().set(StoreFixture.ANN, SessionMode.BOT, StoreFixture.START.toEpochMilli()).await();
    HandoverState read = store.handoverModes().get(StoreFixture.ANN).await().orElseThrow();
    advanceClock(Duration.ofDays(StoreOptions.DEFAULT_SESSION_IDLE_DAYS + 1));
    store.prune().await();

    assertTrue(store.handoverModes().setIfUnchanged(StoreFixture.ANN, new ModeChange(SessionMode.HUMAN,
        read.version()), StoreFixture.START.toEpochMilli()).await(), "pruning decides nothing");
    assertEquals(SessionMode.HUMAN, store.handoverModes().get(StoreFixture.ANN).await().orElseThrow().mode());
  }

  @Test
  default void aModeStoredAgainAfterItWasPrunedIsNotTakenForTheOneReadBeforeIt() {
    Store store = open();
    // An operator gave back a session never handed over; a bot turn reads that mode.
    store.handoverModes().set(StoreFixture.ANN, SessionMode.BOT, StoreFixture.START.toEpochMilli()).await();
    long read = store.handoverModes().get(StoreFixture.ANN).await().orElseThrow().version();
    Duration idle = Duration.ofDays(StoreOptions.DEFAULT_SESSION_IDLE_DAYS + 1);
    advanceClock(idle);
    store.prune().await();
    // While the model answers, an operator takes the session: its mode is stored anew.
    long later = StoreFixture.START.plus(idle).toEpochMilli();
    store.handoverModes().set(StoreFixture.ANN, SessionMode.HUMAN, later).await();
    InboundMessage question = StoreFixture.dm("100", "1", "Where is my order?");
    store.inbox().journal(question).await();

    assertFalse(store.handoverModes().answerUnlessTaken(StoreFixture.ANN,
            new BotAnswer(read, List.of(ChatMessage.user(question.text()))), HistoryChange.append(List.of(
                ChatMessage.user(question.text()), ChatMessage.assistant("It ships today."))), question.id(), later)
        .await(), "a person took the session since the turn read its mode: the answer must not be sent");
  }

  @Test
  default void idleChatsHandoversAndOldKeysArePruned() {
    Store store = open();
    store.inbox().journal(StoreFixture.dm("100", "1", "hi")).await();
    store.handoverModes().set(StoreFixture.ANN, SessionMode.HUMAN, StoreFixture.START.toEpochMilli()).await();
    store.sends().enqueue(new OutboundMessage("send-1", "key-1", "telegram", null, "100", null, List.of("x"), null))
        .await();

    advanceClock(Duration.ofDays(StoreOptions.DEFAULT_SESSION_IDLE_DAYS + 1));
    store.prune().await();
    assertEquals(Optional.empty(), store.chats().find("telegram", null, "100", null).await());
    assertEquals(Optional.empty(), store.handoverModes().get(StoreFixture.ANN).await());
    assertFalse(store.sends().enqueue(new OutboundMessage("send-2", "key-1", "telegram", null, "100", null,
        List.of("x"), null)).await().duplicate(), "a key is kept a week, not forever");
  }
}

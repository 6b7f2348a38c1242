package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.SessionMode;
import dev.switchboard.routing.handover.HandoverState;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state sends to people and handovers keep: known chats, idempotency keys, platform ids, modes; across reopening. */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SqliteOutreachTest extends StoreFileTestBase {

  @Test
  void aJournaledMessageMakesItsChatKnownWithTheLatestTimeAndItsSession() {
    SqliteStore store = open();
    InboundMessage first = StoreFixture.dm("100", "1", "hi");
    InboundMessage later = new InboundMessage("telegram:2", "telegram", "bot1", "100", first.chatType(), "100", "Ann",
        null, "again", first.receivedAt() + 60_000, null);
    InboundMessage replayedOld = new InboundMessage("telegram:0", "telegram", "bot1", "100", first.chatType(), "100",
        "Ann", null, "old", first.receivedAt() - 60_000, null);
    store.inbox().journal(first).await();
    store.inbox().journal(later).await();
    store.inbox().journal(replayedOld).await();
    store.close().await();

    SqliteStore reopened = open();
    KnownChat chat = reopened.chats().find("telegram", null, "100", null).await().orElseThrow();
    assertEquals(new KnownChat("telegram", "bot1", "100", null, StoreFixture.ANN, later.receivedAt()), chat);
    assertEquals(Optional.empty(), reopened.chats().find("telegram", "another-bot", "100", null).await());
    assertEquals(Optional.empty(), reopened.chats().find("telegram", null, "100", "7").await(), "a topic is another chat");
    assertEquals(Optional.empty(), reopened.chats().find("slack", null, "100", null).await());
    reopened.close().await();
  }

  @Test
  void anIdempotencyKeyQueuesOnceEvenAfterARestart() {
    SqliteStore store = open();
    QueuedSend first = store.sends().enqueue(new OutboundMessage("send-1", "order-7", "telegram", "bot1", "100", null,
        List.of("part one", "part two"), null)).await();
    store.close().await();

    SqliteStore reopened = open();
    QueuedSend again = reopened.sends().enqueue(new OutboundMessage("send-2", "order-7", "telegram", "bot1", "100",
        null, List.of("part one", "part two"), null)).await();

    assertFalse(first.duplicate());
    assertEquals(List.of("part one", "part two"), first.chunks().stream().map(OutboxChunk::text).toList());
    assertTrue(again.duplicate());
    assertEquals("send-1", again.id());
    assertEquals(2, reopened.outbox().pending("telegram").await().size(), "nothing queued twice");
    reopened.close().await();
  }

  @Test
  void aTemplateIsOneChunkAndASentChunkIsFoundByThePlatformsId() {
    SqliteStore store = open();
    String template = "{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\",\"policy\":\"deterministic\"}}";
    OutboxChunk chunk = store.sends().enqueue(new OutboundMessage("send-9", null, "whatsapp", "106540352242922",
        "16505551234", null, List.of(), template)).await().chunks().get(0);
    store.outbox().markSent(chunk.id(), "wamid.ABC").await();
    store.close().await();

    SqliteStore reopened = open();
    assertEquals(template, chunk.template());
    assertEquals(Optional.of(new SentChunk("send-9", "whatsapp", "16505551234", 0)),
        reopened.sends().findSent("whatsapp", "wamid.ABC").await());
    assertEquals(Optional.empty(), reopened.sends().findSent("whatsapp", "wamid.OTHER").await());
    reopened.close().await();
  }

  @Test
  void aPendingTemplateKeepsItsTemplateAcrossARestart() {
    SqliteStore store = open();
    store.sends().enqueue(new OutboundMessage("send-3", null, "whatsapp", null, "16505551234", null, List.of(),
        "{\"name\":\"welcome\"}")).await();
    store.close().await();

    SqliteStore reopened = open();
    OutboxChunk pending = reopened.outbox().pending("whatsapp").await().get(0);
    assertEquals("{\"name\":\"welcome\"}", pending.template());
    assertEquals("send-3", pending.inboundId());
    reopened.close().await();
  }

  @Test
  void aHandoverModeSurvivesARestartAndOperatorActivityMovesOnlyForward() {
    SqliteStore store = open();
    long at = StoreFixture.START.toEpochMilli();
    store.handoverModes().set(StoreFixture.ANN, SessionMode.HUMAN, at).await();
    store.handoverModes().touch(StoreFixture.ANN, at + 5_000).await();
    store.handoverModes().touch(StoreFixture.ANN, at + 1_000).await();
    store.handoverModes().touch(StoreFixture.BOB, at).await();
    store.close().await();

    SqliteStore reopened = open();
    assertEquals(Optional.of(new HandoverState(StoreFixture.ANN, SessionMode.HUMAN, at, at + 5_000)),
        reopened.handoverModes().get(StoreFixture.ANN).await());
    assertEquals(Optional.empty(), reopened.handoverModes().get(StoreFixture.BOB).await(), "touch creates nothing");
    reopened.handoverModes().set(StoreFixture.ANN, SessionMode.BOT, at + 9_000).await();
    assertEquals(SessionMode.BOT, reopened.handoverModes().get(StoreFixture.ANN).await().orElseThrow().mode());
    reopened.close().await();
  }

  @Test
  void idleChatsHandoversAndOldKeysArePruned() {
    SqliteStore store = open();
    store.inbox().journal(StoreFixture.dm("100", "1", "hi")).await();
    store.handoverModes().set(StoreFixture.ANN, SessionMode.HUMAN, StoreFixture.START.toEpochMilli()).await();
    store.sends().enqueue(new OutboundMessage("send-1", "key-1", "telegram", null, "100", null, List.of("x"), null))
        .await();
    store.close().await();

    SqliteStore later = openAt(StoreFixture.START.plus(Duration.ofDays(StoreOptions.DEFAULT_SESSION_IDLE_DAYS + 1)));
    assertEquals(Optional.empty(), later.chats().find("telegram", null, "100", null).await());
    assertEquals(Optional.empty(), later.handoverModes().get(StoreFixture.ANN).await());
    assertFalse(later.sends().enqueue(new OutboundMessage("send-2", "key-1", "telegram", null, "100", null,
        List.of("x"), null)).await().duplicate(), "a key is kept a week, not forever");
    later.close().await();
  }
}

package dev.switchboard.store;

import dev.switchboard.config.PostgresUrl;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit on PostgreSQL, where a batch runs without a savepoint per write: writes queued together
 * commit together, and one that fails is undone alone while the others still commit. The webhooks'
 * journal has a connection of its own, so a store busy with turns does not hold an acknowledgement.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class PostgresGroupCommitTest {

  @Test
  void aFailingWriteInABatchFailsAloneAndTheOthersCommitTogether(Vertx vertx) {
    PostgresStore store = freshStore(vertx);
    StoreFixture.assertAFailingWriteFailsAlone(store, store.intake());

    Future<Void> three = store.inbox().journal(StoreFixture.dm("300", "3", "third"));
    Future<Void> four = store.inbox().journal(StoreFixture.dm("400", "4", "fourth"));
    Future.all(three, four).await();
    store.close().await();
  }

  @Test
  void statementsOfWritesQueuedTogetherRunAsOneBatchAndEachWriteGetsItsOwnResult(Vertx vertx) {
    PostgresStore store = freshStore(vertx);
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = StoreFixture.holdThread(store.intake(), release);
    long commitsBefore = store.commits();
    Future<Boolean> first = store.dedupeLog().firstSighting("wamid.1");
    Future<Boolean> other = store.dedupeLog().firstSighting("wamid.2");
    Future<Boolean> redelivery = store.dedupeLog().firstSighting("wamid.1");
    release.countDown();
    busy.await();

    assertEquals(List.of(true, true, false), List.of(first.await(), other.await(), redelivery.await()));
    assertEquals(1, store.commits() - commitsBefore, "three writes, one transaction");
    store.close().await();
  }

  @Test
  void aFailingStatementInABatchFailsItsWriteAloneAndTheBatchedOthersCommit(Vertx vertx) {
    PostgresStore store = freshStore(vertx);
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = StoreFixture.holdThread(store.intake(), release);
    InboundMessage first = StoreFixture.dm("100", "1", "first");
    InboundMessage second = StoreFixture.dm("200", "2", "second");
    Future<Void> one = store.inbox().journal(first);
    Future<Void> doomed = store.intake().write(StatementWrite.of(
        new StatementWrite.Statement("INSERT INTO seen (id, run, seen_at) VALUES (?, ?, ?)", "x", null, 1L)));
    Future<Void> two = store.inbox().journal(second);
    release.countDown();
    busy.await();

    Future.all(one, two).await();
    Exception failure = assertThrows(Exception.class, doomed::await);
    assertTrue(failure.getMessage().contains("null value"), failure.getMessage());
    assertEquals(List.of(first, second), store.inbox().unanswered().await());
    assertFalse(store.dedupeLog().firstSighting(first.id()).await(), "the journal marked it seen");
    store.close().await();
  }

  @Test
  void repliesQueuedTogetherGetTheIdsTheirOwnChunksWereStoredUnder(Vertx vertx) {
    PostgresStore store = freshStore(vertx);
    InboundMessage ann = StoreFixture.dm("100", "1", "hi");
    InboundMessage bob = StoreFixture.dm("200", "2", "yo");
    Future.all(store.inbox().journal(ann), store.inbox().journal(bob)).await();
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = StoreFixture.holdThread(store, release);
    long commitsBefore = store.commits();
    Future<List<OutboxChunk>> toAnn = store.outbox().enqueue(ann.id(), "telegram", Reply.to(ann, "x", null, null),
        List.of("Ann 1", "Ann 2"));
    Future<List<OutboxChunk>> toBob = store.outbox().enqueue(bob.id(), "telegram", Reply.to(bob, "y", null, null),
        List.of("Bob 1", "Bob 2", "Bob 3"));
    release.countDown();
    busy.await();

    List<OutboxChunk> queued = new ArrayList<>(toAnn.await());
    queued.addAll(toBob.await());
    assertEquals(1, store.commits() - commitsBefore, "two replies, one transaction");
    assertEquals(store.outbox().pending("telegram").await(), queued, "each chunk carries its own row's id");
    assertEquals(List.of(), store.inbox().unanswered().await(), "both messages answered with their replies");
    store.close().await();
  }

  @Test
  void historyAppendsQueuedTogetherKeepEachSessionsOrder(Vertx vertx) {
    PostgresStore store = freshStore(vertx);
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = StoreFixture.holdThread(store, release);
    List<ChatMessage> ann1 = List.of(ChatMessage.user("hi"), ChatMessage.assistant("hello Ann"));
    List<ChatMessage> bob = List.of(ChatMessage.user("yo"), ChatMessage.assistant("hello Bob"));
    List<ChatMessage> ann2 = List.of(ChatMessage.user("and now?"), ChatMessage.assistant("now this"));
    long commitsBefore = store.commits();
    Future<Void> appended = Future.all(store.sessionHistory().append(StoreFixture.ANN, ann1),
        store.sessionHistory().append(StoreFixture.BOB, bob),
        store.sessionHistory().append(StoreFixture.ANN, ann2)).mapEmpty();
    release.countDown();
    busy.await();
    appended.await();

    assertEquals(1, store.commits() - commitsBefore, "three appends, one transaction");
    List<ChatMessage> annHistory = new ArrayList<>(ann1);
    annHistory.addAll(ann2);
    assertEquals(annHistory, store.sessionHistory().load(StoreFixture.ANN).await());
    assertEquals(bob, store.sessionHistory().load(StoreFixture.BOB).await());
    store.close().await();
  }

  @Test
  void aWebhookIsJournaledWhileTheTurnsQueueIsBusy(Vertx vertx) {
    PostgresStore store = freshStore(vertx);
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = StoreFixture.holdThread(store, release);
    InboundMessage message = StoreFixture.dm("100", "1", "hello");

    assertTrue(store.dedupeLog().firstSighting(message.id()).await());
    store.inbox().journal(message).await();
    Future<List<InboundMessage>> unanswered = store.inbox().unanswered();
    assertFalse(unanswered.isComplete(), "reads wait for the turns' queue");

    release.countDown();
    busy.await();
    assertEquals(List.of(message), unanswered.await());
    assertFalse(store.dedupeLog().firstSighting(message.id()).await(), "a redelivery is a duplicate");
    store.close().await();
  }

  private static PostgresStore freshStore(Vertx vertx) {
    return PostgresStore.open(vertx, PostgresUrl.parse(PostgresServer.shared().freshUrl()), null, 30,
        Clock.systemUTC()).await();
  }
}

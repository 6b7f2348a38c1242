package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import io.vertx.core.Future;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class GroupCommitTest extends StoreFileTestBase {

  private static final int WEBHOOKS = 2_000;

  private SqliteStore store;

  @BeforeEach
  void openStore() {
    store = open();
  }

  @Test
  void concurrentWebhooksShareCommitsAndAllAreJournaled() {
    long before = store.commits();
    // Requested from every event loop at once, as the gateway's handlers would.
    List<Future<Void>> journaled = new ArrayList<>();
    for (int i = 0; i < WEBHOOKS; i++) {
      InboundMessage message = StoreFixture.dm(String.valueOf(i % 50), String.valueOf(i), "message " + i);
      journaled.add(Future.future(done -> vertx.runOnContext(v -> store.inbox().journal(message).onComplete(done))));
    }
    Future.all(journaled).await();

    long commits = store.commits() - before;
    assertTrue(commits <= WEBHOOKS / 10, commits + " commits for " + WEBHOOKS + " webhooks");
    List<InboundMessage> unanswered = store.inbox().unanswered().await();
    assertEquals(WEBHOOKS, unanswered.size());
    store.close().await();
  }

  @Test
  void writesQueuedDuringATransactionCommitTogether() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = StoreFixture.holdThread(store, release);
    long before = store.commits();
    List<Future<Void>> journaled = new ArrayList<>();
    for (int i = 0; i < WEBHOOKS; i++) {
      journaled.add(store.inbox().journal(StoreFixture.dm("100", String.valueOf(i), "message " + i)));
    }
    release.countDown();
    busy.await();
    Future.all(journaled).await();

    assertEquals(WEBHOOKS / CommitQueue.MAX_BATCH, store.commits() - before);
    assertEquals(WEBHOOKS, store.inbox().unanswered().await().size());
    store.close().await();
  }

  @Test
  void aWebhooksJournalIsCommittedAheadOfTheTurnsWritesQueuedBeforeIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = StoreFixture.holdThread(store, release);
    // A turn's write queued first, which will hold its transaction until the journal is acknowledged.
    CountDownLatch acknowledged = new CountDownLatch(1);
    Future<Void> turnWrite = store.queue().write(connection -> {
      try {
        if (!acknowledged.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the journal waited behind this write");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return null;
    });
    InboundMessage webhook = StoreFixture.dm("200", "2", "a new message");
    Future<Void> journaled = store.inbox().journal(webhook);
    release.countDown();
    busy.await();

    journaled.await();
    acknowledged.countDown();
    turnWrite.await();
    assertEquals(List.of(webhook), store.inbox().unanswered().await());
    store.close().await();
  }

  @Test
  void aWriteThatThrowsAnErrorFailsAndTheStoreGoesOn() {
    Future<Void> broken = store.queue().write(connection -> {
      throw new AssertionError("a driver's assertion");
    });
    Exception failure = assertThrows(Exception.class, broken::await);
    assertTrue(failure.getMessage().contains("a driver's assertion"), failure.getMessage());
    store.inbox().journal(StoreFixture.dm("100", "1", "next")).await();
    assertEquals(1, store.inbox().unanswered().await().size());
    store.close().await();
  }

  @Test
  void aFailingWriteInABatchFailsAloneAndTheOthersCommit() throws Exception {
    StoreFixture.assertAFailingWriteFailsAlone(store, store.queue());
    store.inbox().journal(StoreFixture.dm("300", "3", "third")).await();
    store.close().await();
  }
}

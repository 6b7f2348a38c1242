package dev.switchboard.store;

import dev.switchboard.config.PostgresUrl;
import dev.switchboard.bus.InboundMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Statement;
import java.time.Clock;
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
    PostgresStore store = PostgresStore.open(vertx, PostgresUrl.parse(PostgresServer.shared().freshUrl()), null, 30,
        Clock.systemUTC()).await();
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = StoreFixture.holdThread(store.intake(), release);
    InboundMessage first = StoreFixture.dm("100", "1", "first");
    InboundMessage second = StoreFixture.dm("200", "2", "second");
    long commitsBefore = store.commits();
    Future<Void> one = store.inbox().journal(first);
    Future<Boolean> doomed = store.intake().write(connection -> {
      try (Statement sql = connection.createStatement()) {
        return sql.execute("INSERT INTO no_such_table VALUES (1)");
      }
    });
    Future<Void> two = store.inbox().journal(second);
    release.countDown();
    busy.await();

    one.await();
    two.await();
    Exception failure = assertThrows(Exception.class, doomed::await);
    assertTrue(failure.getMessage().contains("no_such_table"), failure.getMessage());
    assertEquals(List.of(first, second), store.inbox().unanswered().await());
    assertEquals(3, store.commits() - commitsBefore, "the batch failed, then each write ran alone");

    Future<Void> three = store.inbox().journal(StoreFixture.dm("300", "3", "third"));
    Future<Void> four = store.inbox().journal(StoreFixture.dm("400", "4", "fourth"));
    Future.all(three, four).await();
    store.close().await();
  }

  @Test
  void aWebhookIsJournaledWhileTheTurnsQueueIsBusy(Vertx vertx) {
    PostgresStore store = PostgresStore.open(vertx, PostgresUrl.parse(PostgresServer.shared().freshUrl()), null, 30,
        Clock.systemUTC()).await();
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
}

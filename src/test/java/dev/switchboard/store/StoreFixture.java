package dev.switchboard.store;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stores on a temporary file, and the messages they keep. */
final class StoreFixture {

  static final Instant START = Instant.parse("2026-11-02T10:00:00Z");
  /** Short, so that a test about a locked file does not wait for the default. */
  static final int BUSY_TIMEOUT_MS = 200;
  /** The session keys of {@link #dm}s in chats {@code 100} (Ann's) and {@code 200} (Bob's). */
  static final String ANN = "telegram:bot1:dm:100";
  static final String BOB = "telegram:bot1:dm:200";

  private StoreFixture() {
  }

  static SqliteStore open(Vertx vertx, Path file) {
    return open(vertx, file, START);
  }

  /** Opens the store as if the time were {@code now}; retention runs at open with that time. */
  static SqliteStore open(Vertx vertx, Path file, Instant now) {
    return SqliteStore.open(vertx, options(file), Clock.fixed(now, ZoneOffset.UTC)).await();
  }

  static StoreOptions options(Path file) {
    return new StoreOptions(file.toString(), StoreOptions.DEFAULT_SESSION_IDLE_DAYS, BUSY_TIMEOUT_MS);
  }

  /** A Telegram direct message from the chat's only user. */
  static InboundMessage dm(String chatId, String messageId, String text) {
    return new InboundMessage("telegram:" + messageId, "telegram", "bot1", chatId, ChatType.DM, chatId, "Ann",
        null, text, START.toEpochMilli(), null);
  }

  /** Occupies the store's thread until {@code release} opens, so that writes requested meanwhile queue up. */
  static Future<Void> holdThread(SqlStore store, CountDownLatch release) {
    return holdThread(store.queue(), release);
  }

  /** Keeps the queue's thread busy until {@code release} counts down. */
  static Future<Void> holdThread(CommitQueue queue, CountDownLatch release) {
    return queue.read(connection -> {
      try {
        release.await();
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }

  /**
   * Journals two messages with a failing write queued between them, all in one batch of {@code queue}
   * (the queue of {@code store} that journals): the failing write fails alone, both messages are
   * journaled, and the batch took two commits (rolled back, then each write alone).
   */
  static void assertAFailingWriteFailsAlone(SqlStore store, CommitQueue queue) {
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = holdThread(queue, release);
    InboundMessage first = dm("100", "1", "first");
    InboundMessage second = dm("200", "2", "second");
    long commitsBefore = store.commits();
    Future<Void> one = store.inbox().journal(first);
    // In the journal's lane, so that the three share one transaction.
    Future<Boolean> doomed = queue.writeFirst(connection -> {
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
    assertEquals(2, store.commits() - commitsBefore, "the batch was rolled back, then each write ran alone: two committed");
  }
}

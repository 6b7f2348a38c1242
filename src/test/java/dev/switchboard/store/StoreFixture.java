package dev.switchboard.store;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;

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
}

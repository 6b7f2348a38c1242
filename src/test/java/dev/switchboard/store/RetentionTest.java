package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.ChatMessage;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.store.StoreFixture.ANN;
import static dev.switchboard.store.StoreFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each reopen runs retention with the reopen's time: the clock is the store's, fixed per open. */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class RetentionTest extends StoreFileTestBase {

  @Test
  void finishedRowsGoAfterSevenDaysAndUnfinishedOnesStay() {
    InboundMessage answered = StoreFixture.dm("100", "1", "answered");
    InboundMessage waiting = StoreFixture.dm("200", "2", "waiting");
    SqliteStore store = open();
    store.inbox().journal(answered).await();
    store.inbox().journal(waiting).await();
    List<OutboxChunk> chunks = store.outbox().enqueue(answered.id(), "telegram",
        Reply.to(answered, "ok", null, null), List.of("sent", "unsent")).await();
    store.outbox().markSent(chunks.get(0).id(), "5001").await();
    store.close().await();

    SqliteStore sixDaysLater = openAt(at(Duration.ofDays(6)));
    assertEquals(2, count(sixDaysLater, "inbox"));
    assertEquals(2, count(sixDaysLater, "outbox"));
    sixDaysLater.close().await();

    SqliteStore eightDaysLater = openAt(at(Duration.ofDays(8)));
    assertEquals(1, count(eightDaysLater, "inbox"));
    assertEquals(List.of(waiting), eightDaysLater.inbox().unanswered().await());
    assertEquals(List.of("unsent"), eightDaysLater.outbox().pending("telegram").await().stream()
        .map(OutboxChunk::text).toList());
    eightDaysLater.close().await();
  }

  @Test
  void dedupeIdsAreForgottenAfterSevenDays() {
    SqliteStore store = open();
    store.inbox().journal(StoreFixture.dm("100", "1", "hello")).await();
    store.close().await();

    SqliteStore sixDaysLater = openAt(at(Duration.ofDays(6)));
    assertFalse(sixDaysLater.dedupeLog().firstSighting("telegram:1").await());
    sixDaysLater.close().await();

    SqliteStore eightDaysLater = openAt(at(Duration.ofDays(8)));
    assertEquals(0, count(eightDaysLater, "seen"));
    eightDaysLater.close().await();
  }

  @Test
  void sessionsIdlePastIdleDaysAreForgottenWithTheirModel() {
    SqliteStore store = open();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("hi"), ChatMessage.assistant("Hello!"))).await();
    store.sessionPreferences().setModel(ANN, "Minimax").await();
    store.sessionHistory().append(BOB, List.of(ChatMessage.user("yo"), ChatMessage.assistant("Hey"))).await();
    store.close().await();

    SqliteStore tenDaysLater = openAt(at(Duration.ofDays(10)));
    tenDaysLater.sessionHistory().append(BOB, List.of(ChatMessage.user("still here"), ChatMessage.assistant("Yes"))).await();
    tenDaysLater.close().await();

    SqliteStore monthLater = openAt(at(Duration.ofDays(StoreOptions.DEFAULT_SESSION_IDLE_DAYS).plusHours(1)));
    assertTrue(monthLater.sessionHistory().load(ANN).await().isEmpty(), "idle for 30 days");
    assertNull(monthLater.sessionPreferences().model(ANN).await());
    assertEquals(4, monthLater.sessionHistory().load(BOB).await().size(), "active 20 days ago");
    monthLater.close().await();
  }

  @Test
  void pruningNowDeletesNothingFresh() {
    SqliteStore store = open();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("hi"))).await();
    store.inbox().journal(StoreFixture.dm("100", "1", "hello")).await();
    store.inbox().markAnswered("telegram:1").await();
    assertTrue(store.prune().await().nothing());
    store.close().await();
  }

  private static Instant at(Duration afterStart) {
    return StoreFixture.START.plus(afterStart);
  }

  private static int count(SqliteStore store, String table) {
    return store.queue().read(connection -> {
      try (Statement sql = connection.createStatement(); ResultSet row = sql.executeQuery("SELECT COUNT(*) FROM " + table)) {
        row.next();
        return row.getInt(1);
      }
    }).await();
  }
}

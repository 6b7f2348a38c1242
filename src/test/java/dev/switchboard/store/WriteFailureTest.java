package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import io.vertx.core.Future;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A write that cannot be made durable fails its future; nothing is reported journaled that is not. */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WriteFailureTest extends StoreFileTestBase {

  private SqliteStore store;

  @BeforeEach
  void openStore() {
    store = open();
  }

  @Test
  void aFullDiskFailsTheJournalWithAClearMessageAndTheStoreRecovers() {
    // SQLite's own page limit makes the file "full", exactly as a full disk does.
    store.queue().read(connection -> execute(connection,
        "PRAGMA max_page_count = " + query(connection, "PRAGMA page_count"))).await();
    InboundMessage big = StoreFixture.dm("100", "1", "x".repeat(200_000));

    StoreException failure = failure(store.inbox().journal(big));
    assertTrue(failure.getMessage().contains(file.toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("database or disk is full"), failure.getMessage());

    store.queue().read(connection -> execute(connection, "PRAGMA max_page_count = 1073741823")).await();
    InboundMessage next = StoreFixture.dm("100", "2", "after the disk was freed");
    store.inbox().journal(next).await();
    store.close().await();

    SqliteStore reopened = open();
    assertEquals(List.of(next), reopened.inbox().unanswered().await(), "the failed message was never journaled");
    reopened.close().await();
  }

  @Test
  void aTransactionThatCannotCommitFailsEveryWriteInIt() throws Exception {
    // A deferred constraint fails at COMMIT, after every write of the batch ran without error.
    store.queue().read(connection -> execute(connection, "PRAGMA foreign_keys = ON")).await();
    store.queue().write(connection -> {
      execute(connection, "CREATE TABLE parent (id INTEGER PRIMARY KEY)");
      return execute(connection, "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id)"
          + " DEFERRABLE INITIALLY DEFERRED)");
    }).await();

    CountDownLatch release = new CountDownLatch(1);
    Future<Void> busy = StoreFixture.holdThread(store, release);
    Future<Void> webhook = store.inbox().journal(StoreFixture.dm("100", "1", "hello"));
    // In the journal's lane, so that the two share one transaction.
    Future<Void> doomed = store.queue().writeFirst(connection -> execute(connection, "INSERT INTO child VALUES (7)"));
    release.countDown();
    busy.await();

    StoreException failure = failure(webhook);
    assertTrue(failure.getMessage().contains(file.toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("FOREIGN KEY constraint failed"), failure.getMessage());
    failure(doomed);
    assertTrue(store.inbox().unanswered().await().isEmpty(), "rolled back, not half-committed");
    store.inbox().journal(StoreFixture.dm("100", "2", "later")).await();
    assertEquals(1, store.inbox().unanswered().await().size(), "the next transaction commits");
    store.close().await();
  }

  private static StoreException failure(Future<?> future) {
    Exception thrown = assertThrows(Exception.class, future::await);
    return assertInstanceOf(StoreException.class, thrown);
  }

  private static Void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return null;
    }
  }

  private static long query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}

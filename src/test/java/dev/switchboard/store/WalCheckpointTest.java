package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's write-ahead log is copied into the database file by a thread of its own
 * ({@link WalCheckpointer}), and stays bounded even under writes that never pause, where a
 * checkpoint from beside the writer never catches up by itself (650 MB in a benchmark run once).
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class WalCheckpointTest extends StoreFileTestBase {

  private static final int RESTART_FRAMES = 200;
  private static final int CHAINS = 8;
  private static final int WRITES = 12_000;
  /**
   * Far above the restarts seen here (the log reached 1–6 MB: rows keep coming while a checkpoint
   * copies), far below the 24 MB of rows this test writes, which the log holds whole without the restarts.
   */
  private static final long LOG_BOUND_BYTES = 16L << 20;
  private static final long CHECKPOINT_WAIT_MS = 10_000;
  private static final int JOURNALED = 20;

  @Test
  void committedRowsReachTheDatabaseFileWithoutFurtherWrites() {
    SqliteStore store = open();
    for (int i = 0; i < JOURNALED; i++) {
      store.inbox().journal(StoreFixture.dm(String.valueOf(i), String.valueOf(i), "message " + i)).await();
    }
    // The writer's own checkpoint waits for the log's limit, which twenty messages are far from.
    int inFile = awaitRowsInFileAlone(JOURNALED);
    assertEquals(JOURNALED, inFile, "journaled messages in the database file itself, without its log");
    store.close().await();
  }

  @Test
  void theLogStaysBoundedUnderWritesThatNeverPause() throws Exception {
    CommitQueue queue = new CommitQueue(vertx, file.toString());
    // Without SQLite's own checkpoint on the writer, which would otherwise bound the log at its limit.
    queue.connect(() -> {
      Connection writer = StoreFile.open(file, StoreFixture.BUSY_TIMEOUT_MS);
      execute(writer, "PRAGMA wal_autocheckpoint = 0");
      return writer;
    }).await();
    queue.write(connection -> execute(connection, "CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)")).await();
    WalCheckpointer checkpointer = WalCheckpointer.attach(queue, file,
        () -> StoreFile.open(file, StoreFixture.BUSY_TIMEOUT_MS), 1, RESTART_FRAMES);
    Path log = Path.of(file + "-wal");
    AtomicLong largest = new AtomicLong();
    AtomicLong written = new AtomicLong();

    List<Future<Void>> chains = new ArrayList<>();
    for (int chain = 0; chain < CHAINS; chain++) {
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> writeNext(queue, log, written, largest, done));
      chains.add(done.future());
    }
    Future.all(chains).await();

    assertTrue(checkpointer.checkpoints() > 0, "no checkpoint ran");
    assertTrue(largest.get() < LOG_BOUND_BYTES, "the log reached " + largest.get() + " bytes");
    int rows = queue.read(WalCheckpointTest::count).await();
    assertEquals(WRITES, rows, "every write kept");
    checkpointer.close(vertx).await();
    queue.close().await();
  }

  /** One of several chains that each queue the next write as soon as the last committed: the writer never idles. */
  private void writeNext(CommitQueue queue, Path log, AtomicLong written, AtomicLong largest, Promise<Void> done) {
    long id = written.incrementAndGet();
    if (id > WRITES) {
      done.complete();
      return;
    }
    byte[] body = new byte[2_000];
    ThreadLocalRandom.current().nextBytes(body);
    queue.write(connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rows (id, body) VALUES (?, ?)")) {
        insert.setLong(1, id);
        insert.setBytes(2, body);
        insert.executeUpdate();
      }
      largest.accumulateAndGet(sizeOf(log), Math::max);
      return null;
    }).onSuccess(v -> writeNext(queue, log, written, largest, done)).onFailure(done::fail);
  }

  /** Polls a copy of the database file, without its log, until it holds {@code expected} messages or the wait ends. */
  private int awaitRowsInFileAlone(int expected) {
    Promise<Integer> seen = Promise.promise();
    int[] last = {-1};
    long poll = vertx.setPeriodic(20, id -> vertx.<Integer>executeBlocking(this::messagesInFileAlone).onSuccess(rows -> {
      last[0] = rows;
      if (rows == expected) {
        seen.tryComplete(rows);
      }
    }));
    long deadline = vertx.setTimer(CHECKPOINT_WAIT_MS, id -> seen.tryComplete(last[0]));
    return seen.future().onComplete(done -> {
      vertx.cancelTimer(poll);
      vertx.cancelTimer(deadline);
    }).await();
  }

  private int messagesInFileAlone() throws IOException, SQLException {
    Path copy = Files.createTempFile(dir, "file-only", ".db");
    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
    try (Connection alone = DriverManager.getConnection("jdbc:sqlite:" + copy);
         Statement sql = alone.createStatement();
         ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM inbox")) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException tornCopy) {
      // Copied while a checkpoint wrote the file: the next poll copies it again.
      return -1;
    } finally {
      Files.delete(copy);
    }
  }

  private static long sizeOf(Path log) {
    try {
      return Files.size(log);
    } catch (IOException notYetCreated) {
      return 0;
    }
  }

  private static Void execute(Connection connection, String statement) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      sql.execute(statement);
    }
    return null;
  }

  private static int count(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM rows")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}

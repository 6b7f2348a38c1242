package dev.switchboard.store;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's write queue is bounded: past it a write fails at once, and the queue drains as before. */
class WriteQueueBoundTest extends StoreFileTestBase {

  @Test
  void aWritePastTheBoundFailsAtOnceAndTheQueuedOnesCommit() throws Exception {
    CommitQueue queue = new CommitQueue(vertx, file.toString(), Dialect.SQLITE, CommitQueue.STORE, 3);
    queue.connect(() -> DriverManager.getConnection("jdbc:sqlite:" + file)).await();
    queue.write(connection -> connection.createStatement().execute("CREATE TABLE t (n INTEGER)")).await();
    CountDownLatch release = new CountDownLatch(1);
    Future<Boolean> busy = queue.read(connection -> {
      try {
        return release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });

    List<Future<Integer>> queued = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      int value = n;
      queued.add(queue.write(connection -> connection.createStatement().executeUpdate("INSERT INTO t VALUES (" + value + ")")));
    }
    Future<Integer> refused = queue.write(connection -> connection.createStatement().executeUpdate("INSERT INTO t VALUES (4)"));

    assertTrue(refused.failed(), "failed before the store thread was free");
    StoreException failure = assertThrows(StoreException.class, refused::await);
    assertTrue(failure.getMessage().contains("3 writes waiting"), failure.getMessage());
    release.countDown();
    busy.await();
    Future.all(queued).await();
    queue.write(connection -> connection.createStatement().executeUpdate("INSERT INTO t VALUES (5)")).await();
    assertEquals(List.of(1, 2, 3, 5), queue.read(connection -> {
      List<Integer> values = new ArrayList<>();
      var rows = connection.createStatement().executeQuery("SELECT n FROM t ORDER BY n");
      while (rows.next()) {
        values.add(rows.getInt(1));
      }
      return values;
    }).await());
    queue.close().await();
  }
}

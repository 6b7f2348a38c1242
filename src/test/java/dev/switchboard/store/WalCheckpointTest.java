package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import io.vertx.core.Future;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's write-ahead log starts again from its beginning under writes that never pause: the
 * commit that passes {@link StoreFile#WAL_AUTOCHECKPOINT_PAGES} checkpoints it. A log checkpointed only
 * by another thread beside a busy writer never catches up, and grows without end (650 MB in a
 * benchmark run, when that was tried).
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class WalCheckpointTest extends StoreFileTestBase {

  private static final int BATCHES = 150;
  private static final int WRITES_PER_BATCH = 100;
  /** Far above what the writer's threshold lets the log reach, far below what 15,000 journaled messages fill. */
  private static final long LOG_BOUND_BYTES = 8L * StoreFile.WAL_AUTOCHECKPOINT_PAGES * 4096;

  @Test
  void theLogStaysBoundedUnderWritesThatNeverPause() throws IOException {
    SqliteStore store = open();
    Path log = Path.of(file + "-wal");
    long largest = 0;
    for (int batch = 0; batch < BATCHES; batch++) {
      List<Future<Void>> journaled = new ArrayList<>();
      for (int i = 0; i < WRITES_PER_BATCH; i++) {
        int n = batch * WRITES_PER_BATCH + i;
        InboundMessage message = StoreFixture.dm(String.valueOf(n), String.valueOf(n), "message " + n + " ".repeat(200));
        journaled.add(store.inbox().journal(message));
      }
      Future.all(journaled).await();
      largest = Math.max(largest, Files.size(log));
    }
    assertTrue(largest < LOG_BOUND_BYTES, "the log reached " + largest + " bytes");
    assertEquals(BATCHES * WRITES_PER_BATCH, store.inbox().unanswered().await().size(), "every write kept");
    store.close().await();
  }
}

package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies SQLite's write-ahead log into the database file on a thread and connection of its own, so
 * that the store's one writer never does it in the middle of the webhooks' commits.
 *
 * <p>Why: SQLite's automatic checkpoint runs inside the commit that takes the log past its limit, on
 * the writer's thread. At 2,000 webhooks a second that was a stall of ~5 ms dozens of times a second,
 * and every acknowledgement queued behind it waited (DESIGN §9, "checkpoints"). A passive checkpoint from another
 * connection takes no lock the writer needs; it runs at most every {@link #DEFAULT_INTERVAL_MS} while
 * commits come.
 *
 * <p>The log starts again from its beginning only when a write transaction begins with every frame
 * copied and no checkpoint copying (a checkpoint holds the log's first read lock while it copies).
 * Under steady traffic a commit always lands while the checkpoint runs, so the log would grow without
 * end. Once it holds {@link #DEFAULT_RESTART_FRAMES} frames, this thread pauses and the writer runs one
 * passive checkpoint itself, after its next transaction or in a task of its own if none comes: only
 * the frames written since this thread's last checkpoint are left to copy, and the writer's next
 * transaction restarts the log.
 */
final class WalCheckpointer {

  /** How long after a commit the checkpoint runs at most; commits within it share one. */
  static final long DEFAULT_INTERVAL_MS = 50;
  /** Frames in the log past which the writer restarts it (4 KB pages: ~8 MB). */
  static final int DEFAULT_RESTART_FRAMES = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  private final Path file;
  private final Callable<Connection> opener;
  private final CommitQueue writer;
  private final long intervalMs;
  private final int restartFrames;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong checkpoints = new AtomicLong();
  /** Moved on by this thread from {@code NONE} only, and by the writer's thread back to it. */
  private volatile Restart restart = Restart.NONE;
  private volatile boolean closed;
  private Future<Void> closing;
  /** Confined to the checkpoint thread; opened at the first checkpoint, so that start does not wait for it. */
  private Connection connection;
  /** Confined to the checkpoint thread: a failure is logged once until a checkpoint succeeds again. */
  private boolean failing;

  private WalCheckpointer(Path file, Callable<Connection> opener, CommitQueue writer, long intervalMs,
                          int restartFrames) {
    this.file = file;
    this.opener = opener;
    this.writer = writer;
    this.intervalMs = intervalMs;
    this.restartFrames = restartFrames;
    this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread t = new Thread(task, "switchboard-checkpoint");
      t.setDaemon(true);
      return t;
    });
  }

  /** Checkpoints the log of {@code writer}'s file from now on, opening its own connection with {@code opener}. */
  static WalCheckpointer attach(CommitQueue writer, Path file, Callable<Connection> opener) {
    return attach(writer, file, opener, DEFAULT_INTERVAL_MS, DEFAULT_RESTART_FRAMES);
  }

  static WalCheckpointer attach(CommitQueue writer, Path file, Callable<Connection> opener, long intervalMs,
                                int restartFrames) {
    WalCheckpointer checkpointer = new WalCheckpointer(file, opener, writer, intervalMs, restartFrames);
    writer.afterEachTransaction(checkpointer::committed);
    return checkpointer;
  }

  /**
   * Called on the writer's thread after each of its transactions: schedules a checkpoint, and restarts
   * the log when it grew past the limit.
   */
  private void committed(Connection connection) {
    if (restart == Restart.ON_NEXT_TRANSACTION) {
      // This transaction began with every frame copied, so it wrote the log from its beginning.
      restart = Restart.NONE;
    }
    checkpointForRestart(connection);
    if (!closed && scheduled.compareAndSet(false, true)) {
      try {
        thread.schedule(this::checkpointInBackground, intervalMs, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        scheduled.set(false);
      }
    }
  }

  /** On the writer's thread: its own checkpoint, when this thread asked for one. */
  private void checkpointForRestart(Connection connection) {
    if (restart != Restart.WANTED) {
      return;
    }
    try {
      restart = checkpoint(connection).busy() ? Restart.WANTED : Restart.ON_NEXT_TRANSACTION;
    } catch (SQLException e) {
      restart = Restart.NONE;
      LOG.debug("store {}: the writer's checkpoint failed, the next background one asks again: {}", file, e.toString());
    }
  }

  /** Checkpoints run since the store opened, by this thread or the writer (for tests). */
  long checkpoints() {
    return checkpoints.get();
  }

  /**
   * Stops checkpointing and closes this thread's connection, before the writer closes the file: the
   * last connection to close copies the rest of the log and removes it.
   */
  synchronized Future<Void> close(Vertx vertx) {
    if (closing != null) {
      return closing;
    }
    closed = true;
    CompletableFuture<Void> released = CompletableFuture.runAsync(this::closeQuietly, thread);
    thread.shutdown();
    closing = Future.fromCompletionStage(released, vertx.getOrCreateContext());
    return closing;
  }

  /** On this thread: closes its connection; the next checkpoint opens another. */
  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException alreadyGone) {
        // Nothing is left to release.
      }
      connection = null;
    }
  }

  private void checkpointInBackground() {
    scheduled.set(false);
    if (closed || restart != Restart.NONE) {
      return;
    }
    try {
      if (connection == null) {
        connection = opener.call();
      }
      if (checkpoint(connection).logFrames() >= restartFrames) {
        restart = Restart.WANTED;
        // Without a next transaction to follow, the writer checkpoints in a task of its own.
        writer.read(writerConnection -> {
          checkpointForRestart(writerConnection);
          return null;
        });
      }
      failing = false;
    } catch (Exception e) {
      closeQuietly();
      if (!failing) {
        LOG.warn("store {}: cannot checkpoint its log in the background ({}); the writer's own checkpoints bound it",
            file, e.toString());
      }
      failing = true;
    }
  }

  /** A passive checkpoint on {@code on}: copies what it can without waiting for another checkpoint. */
  private Checkpoint checkpoint(Connection on) throws SQLException {
    try (Statement sql = on.createStatement(); ResultSet result = sql.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      if (!result.next()) {
        return new Checkpoint(false, 0);
      }
      Checkpoint checkpoint = new Checkpoint(result.getInt(1) != 0, result.getInt(2));
      if (!checkpoint.busy()) {
        checkpoints.incrementAndGet();
      }
      LOG.debug("store {}: checkpoint on {}: busy {}, log {} frames, {} copied", file, Thread.currentThread().getName(),
          checkpoint.busy(), checkpoint.logFrames(), result.getInt(3));
      return checkpoint;
    }
  }

  /** Where the writer is in restarting the log. */
  private enum Restart { NONE, WANTED, ON_NEXT_TRANSACTION }

  /** What a checkpoint found: whether another was running, and how many frames the log holds. */
  private record Checkpoint(boolean busy, int logFrames) {
  }
}

package dev.switchboard.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's one thread and its one connection; no JDBC call ever runs on an event loop. Reads run
 * in turn. Writes are grouped: every write requested while a transaction runs waits and joins the
 * next one, so a single commit serves many webhooks; writes a platform's acknowledgement waits for
 * ({@link #writeFirst}) go ahead of the others, in transactions of their own. A batch runs without a savepoint per write
 * (writes are not expected to fail, and on SQLite the two statements of each savepoint took more of
 * the thread than the writes themselves): if one write fails, the batch is rolled back and each write
 * runs again alone, so that a write that fails fails alone; when the transaction itself cannot commit,
 * every write in it fails. A write's future completes, on its caller's context, only after its
 * transaction committed: nothing is reported done that is not on disk.
 *
 * <p>On PostgreSQL the statements of a batch's {@link StatementWrite}s are sent together (see
 * {@link #commitTogether}). A lost connection is opened again by the next read or write
 * ({@link StoreConnection}).
 */
final class CommitQueue {

  /** Writes per transaction at most, so that a flood cannot hold the thread in one huge transaction. */
  static final int MAX_BATCH = 1000;
  /**
   * Writes waiting at most. Past it a write fails at once (a webhook then answers 503 and the platform
   * retries later) instead of the queue growing while the disk is slower than the traffic.
   */
  static final int MAX_QUEUED_WRITES = 20_000;
  /** The queue of a store's webhooks (PostgreSQL's intake, see {@link SqlStore}); every other queue is "store". */
  static final String INTAKE = "intake";
  static final String STORE = "store";
  private static final Logger LOG = LoggerFactory.getLogger(CommitQueue.class);

  private final Vertx vertx;
  private final String path;
  private final Dialect dialect;
  private final String role;
  private final ExecutorService thread;
  private final Queue<QueuedWrite<?>> writes = new ConcurrentLinkedQueue<>();
  /** Writes someone waits for at once (a webhook's ack): committed in a transaction of their own, before the others. */
  private final Queue<QueuedWrite<?>> first = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final int maxQueued;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong commits = new AtomicLong();
  private final StoreConnection connection;
  /** Confined to the store thread: the last transaction was of {@link #first} writes. */
  private boolean firstWentLast;
  private volatile boolean closed;
  private Future<Void> closing;

  CommitQueue(Vertx vertx, String path) {
    this(vertx, path, Dialect.SQLITE);
  }

  /** @param path what names the store in messages: its file, or its URL without the password */
  CommitQueue(Vertx vertx, String path, Dialect dialect) {
    this(vertx, path, dialect, STORE, MAX_QUEUED_WRITES);
  }

  /** @param role {@link #INTAKE} or {@link #STORE}: names the thread ({@code switchboard-<role>}) and the debug lines */
  CommitQueue(Vertx vertx, String path, Dialect dialect, String role) {
    this(vertx, path, dialect, role, MAX_QUEUED_WRITES);
  }

  CommitQueue(Vertx vertx, String path, Dialect dialect, String role, int maxQueued) {
    this.vertx = vertx;
    this.path = path;
    this.dialect = dialect;
    this.role = role;
    this.maxQueued = maxQueued;
    this.connection = new StoreConnection(path, dialect);
    this.thread = Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, "switchboard-" + role);
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens the connection on the store thread; must complete before any read or write. */
  Future<Void> connect(Callable<Connection> opener) {
    return submit(() -> {
      connection.open(opener);
      return null;
    }, "open");
  }

  /** False while the database cannot be reached: the last statement lost its connection or could not open one. */
  boolean isHealthy() {
    return connection.isHealthy();
  }

  /** Runs the work on the store thread, outside any transaction. */
  <T> Future<T> read(SqlWork<T> work) {
    if (closed) {
      return Future.failedFuture(new StoreException("store " + path + " is closed"));
    }
    return submit(() -> work.run(connection.get()), "read");
  }

  /** Runs the work in the next transaction; completes once that transaction committed. */
  <T> Future<T> write(SqlWork<T> work) {
    return enqueue(null, work, writes);
  }

  /**
   * As {@link #write}, in a transaction that holds the advisory lock {@code lock} ({@link Dialect#lock})
   * until it ends: the work runs only once every other transaction, on any node, that holds it has ended,
   * and no other takes it before this one's commit.
   *
   * <p>A transaction takes the locks of all its writes when it begins, before any write runs, lowest lock
   * number first. Taken by each write as it ran, in the order the writes were queued, two nodes'
   * transactions could take two sessions' locks in opposite orders and each wait for the other, until
   * PostgreSQL aborted one after its {@code deadlock_timeout} (a second) and its writes ran again one by
   * one. Now a transaction that waits for a lock holds no row and only lower locks, so none waits for one
   * that waits for it. Such writes still share transactions: the answer of every claimed turn that a model
   * answers takes its session's lock, and a transaction of their own would cost a commit per turn.
   */
  <T> Future<T> write(String lock, SqlWork<T> work) {
    return enqueue(lock, work, writes);
  }

  /**
   * As {@link #write}, ahead of the writes waiting: such writes commit in transactions of their own,
   * taking turns with the others', so that a platform's acknowledgement waits for at most the
   * transaction running and one of other writes, not for every turn's writes queued before it. Only
   * for writes that depend on no queued write.
   */
  <T> Future<T> writeFirst(SqlWork<T> work) {
    return enqueue(null, work, first);
  }

  private <T> Future<T> enqueue(String lock, SqlWork<T> work, Queue<QueuedWrite<?>> lane) {
    if (closed) {
      return Future.failedFuture(new StoreException("store " + path + " is closed"));
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      return Future.failedFuture(new StoreException("store " + path + " is busy: " + maxQueued + " writes waiting"));
    }
    QueuedWrite<T> write = new QueuedWrite<>(lock, work, vertx.getOrCreateContext());
    lane.add(write);
    scheduleDrain();
    return write.future();
  }

  /** Transactions committed since the store opened (each serving one or more writes). */
  long commits() {
    return commits.get();
  }

  /** Commits what is queued, then closes the connection and stops the thread. */
  synchronized Future<Void> close() {
    if (closing != null) {
      return closing;
    }
    closed = true;
    closing = this.<Void>submit(() -> {
      while (!first.isEmpty() || !writes.isEmpty()) {
        drain();
      }
      connection.close();
      return null;
    }, "close").onComplete(done -> thread.shutdown());
    return closing;
  }

  private <T> Future<T> submit(Callable<T> task, String doing) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    try {
      thread.execute(() -> {
        try {
          T result = task.call();
          connection.reached();
          context.runOnContext(v -> promise.complete(result));
        } catch (Exception e) {
          connection.dropIfLost(e);
          StoreException failure = StoreException.of(path, doing, e);
          context.runOnContext(v -> promise.fail(failure));
        }
      });
    } catch (RejectedExecutionException e) {
      promise.fail(new StoreException("store " + path + " is closed"));
    }
    return promise.future();
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        thread.execute(this::drain);
      } catch (RejectedExecutionException e) {
        failQueued();
      }
    }
  }

  private void failQueued() {
    StoreException failure = new StoreException("store " + path + " is closed");
    for (Queue<QueuedWrite<?>> lane : List.of(first, writes)) {
      QueuedWrite<?> write;
      while ((write = lane.poll()) != null) {
        queued.decrementAndGet();
        write.fail(failure);
        write.settle();
      }
    }
  }

  private void drain() {
    // Cleared before polling: a write queued after the poll schedules the next drain itself.
    drainScheduled.set(false);
    // Turns' writes get every other transaction while both lanes wait: webhooks arriving faster than
    // a transaction commits would otherwise hold every reply back.
    List<QueuedWrite<?>> batch = firstWentLast && !writes.isEmpty() ? List.of() : take(first);
    firstWentLast = !batch.isEmpty();
    if (batch.isEmpty()) {
      batch = take(writes);
    }
    if (batch.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    commit(batch);
    if (LOG.isDebugEnabled()) {
      // Where a webhook's ack waits in the store: queued behind the running transaction, then its own.
      LOG.debug("{} transaction of {} writes: the first waited {} µs, the transaction took {} µs", role, batch.size(),
          (started - batch.get(0).queuedAt()) / 1000, (System.nanoTime() - started) / 1000);
    }
    batch.forEach(QueuedWrite::settle);
    if (!first.isEmpty() || !writes.isEmpty()) {
      scheduleDrain();
    }
  }

  private List<QueuedWrite<?>> take(Queue<QueuedWrite<?>> lane) {
    List<QueuedWrite<?>> batch = new ArrayList<>();
    QueuedWrite<?> next;
    while (batch.size() < MAX_BATCH && (next = lane.poll()) != null) {
      queued.decrementAndGet();
      batch.add(next);
    }
    return batch;
  }

  private void commit(List<QueuedWrite<?>> batch) {
    if (!commitOrFail(batch)) {
      batch.forEach(QueuedWrite::reset);
      batch.forEach(write -> commitOrFail(List.of(write)));
    }
  }

  /** {@link #commitTogether}, where even an {@link Error} fails the writes rather than the thread. */
  private boolean commitOrFail(List<QueuedWrite<?>> batch) {
    try {
      return commitTogether(batch);
    } catch (Error unexpected) {
      // A bug, or a driver's own assertion, in the middle of a transaction: its writes fail (a webhook
      // is answered 5xx and sent again) instead of waiting forever on a thread that died.
      LOG.error("store {}: a transaction of {} writes failed unexpectedly", path, batch.size(), unexpected);
      connection.rollbackQuietly();
      failAll(batch, unexpected);
      return true;
    }
  }

  /**
   * The whole batch in one transaction without a savepoint per write (on PostgreSQL each costs a round
   * trip; on SQLite the savepoints cost more than the writes), consecutive {@link StatementWrite}s'
   * statements sent together. False, with the transaction rolled back, when a write of several failed:
   * the caller then runs each write alone, so that it fails alone. True once the batch is settled:
   * committed, failed as a whole because the connection was lost, or its only write failed.
   */
  private boolean commitTogether(List<QueuedWrite<?>> batch) {
    try (Statement sql = connection.get().createStatement()) {
      sql.execute(dialect.begin());
      Throwable error = lockAll(batch);
      int next = 0;
      while (error == null && next < batch.size()) {
        int end = next;
        // SQLite's driver returns no generated keys from a JDBC batch, and a call into it costs no round trip.
        while (end < batch.size() && dialect != Dialect.SQLITE && batch.get(end).work() instanceof StatementWrite) {
          end++;
        }
        if (end > next) {
          error = runTogether(batch.subList(next, end));
        } else {
          QueuedWrite<?> write = batch.get(next);
          error = write.run(connection.current()) ? null : write.error();
          end = next + 1;
        }
        next = end;
      }
      if (error != null) {
        if (connection.dropIfLost(error)) {
          failAll(batch, error);
          return true;
        }
        connection.discardPrepared();
        connection.rollbackQuietly();
        if (batch.size() == 1) {
          failAll(batch, error);
          return true;
        }
        return false;
      }
      sql.execute("COMMIT");
      commits.incrementAndGet();
      connection.reached();
      return true;
    } catch (Exception e) {
      connection.discardPrepared();
      if (!connection.dropIfLost(e)) {
        connection.rollbackQuietly();
      }
      failAll(batch, e);
      return true;
    }
  }

  /** Takes the advisory locks of the batch's writes ({@link #write(String, SqlWork)}); returns what failed, or null. */
  private Throwable lockAll(List<QueuedWrite<?>> batch) {
    if (!dialect.locksKeys()) {
      // Nothing to gather on every commit.
      return null;
    }
    List<String> locks = batch.stream().map(QueuedWrite::lock).filter(Objects::nonNull).toList();
    try {
      dialect.lock(connection.current(), locks);
      return null;
    } catch (SQLException e) {
      return e;
    }
  }

  /**
   * Consecutive {@link StatementWrite}s of a batch: each distinct statement sent once, as a JDBC batch
   * of all their uses. Returns what failed, or null once every write has its result.
   */
  private Throwable runTogether(List<QueuedWrite<?>> writes) {
    try {
      List<StatementWrite.Ran> ran = StatementWrite.runTogether(connection.current(),
          writes.stream().<StatementWrite<?>>map(write -> (StatementWrite<?>) write.work()).toList());
      for (int i = 0; i < writes.size(); i++) {
        writes.get(i).ran(ran.get(i));
      }
      return null;
    } catch (SQLException | RuntimeException e) {
      return e;
    }
  }

  private void failAll(List<QueuedWrite<?>> batch, Throwable cause) {
    String what = batch.size() == 1 ? "write" : "transaction of " + batch.size() + " writes";
    StoreException failure = StoreException.of(path, what, cause);
    batch.forEach(write -> write.fail(failure));
  }

  /** {@code action} runs, on this queue's thread, each time the queue finds that its open connection is gone. */
  void onConnectionLost(Runnable action) {
    connection.onLost(action);
  }

  /**
   * Closes the connection, if open, on the store thread; the next statement opens a new one. For a
   * queue whose sibling on the same server lost its connection: a server that restarted closed this
   * one too, and a statement should not be the one to find out.
   */
  void reconnectOnNextUse() {
    try {
      thread.execute(connection::drop);
    } catch (RejectedExecutionException closedAlready) {
      // Nothing left to reconnect.
    }
  }
}

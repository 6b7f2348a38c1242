package dev.switchboard.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One write requested of a {@link CommitQueue}: its work, its outcome once the transaction ended, and
 * whom to tell. Confined to the queue's thread from the moment it is taken from a lane.
 */
final class QueuedWrite<T> {

  private final String lock;
  private final SqlWork<T> work;
  private final Context context;
  private final Promise<T> promise = Promise.promise();
  private final long queuedAt = System.nanoTime();
  private T result;
  /** What the work threw, if anything. */
  private Throwable error;
  /** Set once the transaction ended, when this write is not done. */
  private StoreException failure;

  /**
   * @param lock    the advisory lock ({@link Dialect#lock}) its transaction holds for it, or null for none
   * @param context where the requester is told the outcome
   */
  QueuedWrite(String lock, SqlWork<T> work, Context context) {
    this.lock = lock;
    this.work = work;
    this.context = context;
  }

  /** The advisory lock its transaction takes for it, before any write runs; null for none. */
  String lock() {
    return lock;
  }

  SqlWork<T> work() {
    return work;
  }

  Future<T> future() {
    return promise.future();
  }

  /** When it was requested, {@link System#nanoTime()}. */
  long queuedAt() {
    return queuedAt;
  }

  /** What the work threw in its last run, if anything. */
  Throwable error() {
    return error;
  }

  /** Forgets the outcome of a run whose transaction was rolled back, before running it again. */
  void reset() {
    result = null;
    error = null;
  }

  /** Takes the result of a {@link StatementWrite} whose statements ran with others'. */
  @SuppressWarnings("unchecked")
  void ran(StatementWrite.Ran ran) {
    result = ((StatementWrite<T>) work).outcome(ran);
  }

  boolean run(Connection connection) {
    try {
      result = work.run(connection);
      return true;
    } catch (SQLException | RuntimeException e) {
      error = e;
      return false;
    }
  }

  /** The transaction ended without this write: {@link #settle} fails it. */
  void fail(StoreException cause) {
    failure = cause;
  }

  /** Tells the requester, on its context, the outcome. */
  void settle() {
    StoreException failed = failure;
    T value = result;
    context.runOnContext(v -> {
      if (failed != null) {
        promise.fail(failed);
      } else {
        promise.complete(value);
      }
    });
  }
}

package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The bridge's durable state in one embedded SQLite file: the dedupe log, the inbox of accepted
 * messages, the outbox of reply and send chunks, the chats users wrote in, per-session history,
 * preferences and handover mode, and pairing.
 *
 * <p>Durability: a future returned by a write completes only after its transaction committed, with
 * the file in WAL mode and {@code synchronous=NORMAL}. That survives a crash of the process (kill -9,
 * out of memory) — what Switchboard promises — but not necessarily a power cut or kernel panic,
 * where the last transactions may be lost. One bridge at a time: a second bridge on the same file
 * fails to open (see {@link StoreFile}), while the {@code pairing} command may open it beside the
 * running bridge ({@link #openBesideBridge}).
 *
 * <p>All JDBC runs on one thread of the store's own, never on an event loop; writes requested while a
 * transaction runs are committed together in the next one (group commit). Retention runs at open and
 * every hour. The futures complete on the caller's Vert.x context.
 */
public final class SqliteStore extends SqlStore {

  private final String path;
  /** Null for the pairing command's store, which runs beside the bridge. */
  private final StoreLock lock;

  private SqliteStore(Vertx vertx, StoreOptions options, Clock clock, CommitQueue queue, long run, StoreLock lock) {
    super(vertx, clock, queue, queue, Dialect.SQLITE, run, options.sessionIdleDays());
    this.path = options.path();
    this.lock = lock;
  }

  /** Opens the store at {@code path} with the default retention and lock wait. */
  public static Future<SqliteStore> open(Vertx vertx, String path, Clock clock) {
    return open(vertx, StoreOptions.of(path), clock);
  }

  /**
   * Opens (creating it and its directory if needed) and migrates the store, takes its lock, prunes it
   * and schedules the hourly pruning. Fails with a {@link StoreException} naming the file when it is a
   * directory, not a database, of a newer schema, or locked by another process.
   */
  public static Future<SqliteStore> open(Vertx vertx, StoreOptions options, Clock clock) {
    return open(vertx, options, clock, true);
  }

  /**
   * Opens the store for a one-shot command ({@code pairing}, {@code doctor}), beside a bridge that may be
   * running on it: the file is shared (SQLite's own locks keep each transaction atomic), the bridge's lock
   * is not taken, and no pruning is scheduled.
   */
  public static Future<SqliteStore> openBesideBridge(Vertx vertx, StoreOptions options, Clock clock) {
    return open(vertx, options, clock, false);
  }

  private static Future<SqliteStore> open(Vertx vertx, StoreOptions options, Clock clock, boolean asBridge) {
    Path file = Path.of(options.path());
    Future<StoreLock> locked = asBridge
        ? vertx.executeBlocking(() -> StoreLock.acquire(file, options.busyTimeoutMs()), false)
        : Future.succeededFuture();
    return locked.compose(lock -> {
      CommitQueue queue = new CommitQueue(vertx, options.path());
      return queue.connect(() -> StoreFile.open(file, options.busyTimeoutMs()))
          .compose(connected -> queue.write(connection -> {
            Schema.migrate(connection, options.path());
            return startRun(connection, clock.millis());
          }))
          .compose(run -> asBridge ? importPairingFile(queue, options.path(), clock).map(run) : Future.succeededFuture(run))
          .map(run -> new SqliteStore(vertx, options, clock, queue, run, lock))
          .recover(failure -> queue.close().transform(closed -> {
            if (lock != null) {
              lock.close();
            }
            return Future.failedFuture(failure);
          }));
    }).compose(store -> asBridge ? start(store) : Future.succeededFuture(store));
  }

  /** The {@code pairing.json} of an earlier version, if there is one beside the file (see {@link PairingFileImport}). */
  private static Future<Void> importPairingFile(CommitQueue queue, String path, Clock clock) {
    Path file = PairingFileImport.besideStore(path);
    return queue.write(connection -> PairingFileImport.insert(connection, file, clock.millis()))
        .compose(imported -> imported ? queue.read(connection -> {
          PairingFileImport.markImported(file);
          return null;
        }) : Future.succeededFuture());
  }

  @Override
  public String kind() {
    return Dialect.SQLITE.kind();
  }

  @Override
  public String location() {
    return path;
  }

  public String path() {
    return path;
  }

  /** Closes the file, then lets another bridge open it. */
  @Override
  public Future<Void> close() {
    return super.close().onComplete(closed -> {
      if (lock != null) {
        lock.close();
      }
    });
  }
}

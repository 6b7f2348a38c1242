package dev.switchboard.store;

import dev.switchboard.channel.DedupeLog;
import dev.switchboard.routing.SessionHistory;
import dev.switchboard.routing.SessionPreferences;
import dev.switchboard.routing.handover.HandoverModes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * The bridge's durable state in one embedded SQLite file: the dedupe log, the inbox of accepted
 * messages, the outbox of reply and send chunks, the chats users wrote in, per-session history,
 * preferences and handover mode.
 *
 * <p>Durability: a future returned by a write completes only after its transaction committed, with
 * the file in WAL mode and {@code synchronous=NORMAL}. That survives a crash of the process (kill -9,
 * out of memory) — what Switchboard promises — but not necessarily a power cut or kernel panic,
 * where the last transactions may be lost. The file is locked while the store is open, so a second
 * bridge on it fails to open.
 *
 * <p>All JDBC runs on one thread of the store's own, never on an event loop; writes requested while a
 * transaction runs are committed together in the next one (group commit). Retention runs at open and
 * every {@link #PRUNE_INTERVAL}. The futures complete on the caller's Vert.x context.
 */
public final class SqliteStore {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

  public static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

  private final Vertx vertx;
  private final String path;
  private final Clock clock;
  private final CommitQueue queue;
  private final Retention retention;
  private final DedupeLog dedupeLog;
  private final Inbox inbox;
  private final Outbox outbox;
  private final SqliteSessionHistory sessionHistory;
  private final SessionPreferences sessionPreferences;
  private final ChatDirectory chats;
  private final SendLedger sends;
  private final HandoverModes handoverModes;
  private long pruneTimer = -1;
  private volatile boolean open = true;

  private SqliteStore(Vertx vertx, StoreOptions options, Clock clock, CommitQueue queue, long run) {
    this.vertx = vertx;
    this.path = options.path();
    this.clock = clock;
    this.queue = queue;
    this.retention = new Retention(options.sessionIdleDays());
    this.dedupeLog = new SqliteDedupeLog(queue, clock, run);
    this.inbox = new SqliteInbox(queue, clock, run);
    this.outbox = new SqliteOutbox(queue, clock);
    this.sessionHistory = new SqliteSessionHistory(queue, clock);
    this.sessionPreferences = new SqliteSessionPreferences(queue, clock);
    this.chats = new SqliteChatDirectory(queue);
    this.sends = new SqliteSendLedger(queue, clock);
    this.handoverModes = new SqliteHandoverModes(queue);
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
    Path file = Path.of(options.path());
    CommitQueue queue = new CommitQueue(vertx, options.path());
    return queue.connect(() -> StoreFile.open(file, options.busyTimeoutMs()))
        .compose(connected -> queue.write(connection -> {
          Schema.migrate(connection, options.path());
          return startRun(connection, clock.millis());
        }))
        .map(run -> new SqliteStore(vertx, options, clock, queue, run))
        .compose(store -> store.prune().map(store))
        .onSuccess(SqliteStore::schedulePruning)
        .recover(failure -> queue.close().transform(closed -> Future.failedFuture(failure)));
  }

  private static long startRun(Connection connection, long now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (started_at) VALUES (?)",
        Statement.RETURN_GENERATED_KEYS)) {
      insert.setLong(1, now);
      insert.executeUpdate();
      try (ResultSet key = insert.getGeneratedKeys()) {
        key.next();
        return key.getLong(1);
      }
    }
  }

  private void schedulePruning() {
    pruneTimer = vertx.setPeriodic(PRUNE_INTERVAL.toMillis(), timer -> prune()
        .onFailure(failure -> LOG.warn("store pruning failed, next try in {} min: {}",
            PRUNE_INTERVAL.toMinutes(), failure.getMessage())));
  }

  public DedupeLog dedupeLog() {
    return dedupeLog;
  }

  public Inbox inbox() {
    return inbox;
  }

  public Outbox outbox() {
    return outbox;
  }

  public SessionHistory sessionHistory() {
    return sessionHistory;
  }

  public SessionPreferences sessionPreferences() {
    return sessionPreferences;
  }

  public ChatDirectory chats() {
    return chats;
  }

  public SendLedger sends() {
    return sends;
  }

  public HandoverModes handoverModes() {
    return handoverModes;
  }

  /** Deletes what retention allows now (see {@link StoreOptions#sessionIdleDays()}); logs what went. */
  public Future<Pruned> prune() {
    long now = clock.millis();
    return queue.write(connection -> retention.prune(connection, now))
        .onSuccess(pruned -> {
          if (!pruned.nothing()) {
            LOG.info("store pruned {} idle sessions, {} inbox rows, {} outbox rows, {} dedupe ids",
                pruned.sessions(), pruned.inboxRows(), pruned.outboxRows(), pruned.seenIds());
          }
        });
  }

  /** Transactions committed since open; each carries one or more writes (for metrics and tests). */
  public long commits() {
    return queue.commits();
  }

  /** True from open until {@link #close()} is called (for {@code /readyz}). */
  public boolean isOpen() {
    return open;
  }

  public String path() {
    return path;
  }

  /** Stops pruning, commits the writes already requested, closes the file and releases its lock. */
  public Future<Void> close() {
    open = false;
    vertx.cancelTimer(pruneTimer);
    return queue.close();
  }

  /** The commit queue, for tests that need to hold the store's thread. */
  CommitQueue queue() {
    return queue;
  }
}

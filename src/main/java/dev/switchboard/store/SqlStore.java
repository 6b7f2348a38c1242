package dev.switchboard.store;

import dev.switchboard.store.DedupeLog;
import dev.switchboard.store.PairingStore;
import dev.switchboard.store.SessionHistory;
import dev.switchboard.store.SessionPreferences;
import dev.switchboard.store.HandoverModes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What both stores share once their database is open and migrated: the ports on their
 * {@link CommitQueue}s, the hourly retention pass, and a probe that, while the database cannot be
 * reached, tries it every {@link #HEALTH_PROBE_INTERVAL} so that {@link #isHealthy()} turns true again
 * as soon as it answers, with or without traffic.
 *
 * <p>The webhook's own writes, the dedupe record and the journal, go to the {@code intake} queue; every
 * other read and write to {@code queue}. On SQLite the two are one (the file has one writer). On
 * PostgreSQL the intake has a connection and thread of its own, so that an acknowledgement never
 * waits behind the turns' statements (DESIGN §10).
 */
abstract class SqlStore implements Store {

  private static final Logger LOG = LoggerFactory.getLogger(SqlStore.class);

  static final Duration PRUNE_INTERVAL = Duration.ofHours(1);
  static final Duration HEALTH_PROBE_INTERVAL = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Clock clock;
  private final CommitQueue queue;
  private final CommitQueue intake;
  /** Each queue once: {@code queue} and, when it has its own, {@code intake}. */
  private final List<CommitQueue> queues;
  private final Retention retention;
  private final DedupeLog dedupeLog;
  private final Inbox inbox;
  private final Outbox outbox;
  private final SessionHistory sessionHistory;
  private final SessionPreferences sessionPreferences;
  private final PairingStore pairing;
  private final InboxClaims inboxClaims;
  private final OutboxClaims outboxClaims;
  private final ChatDirectory chats;
  private final SendLedger sends;
  private final HandoverModes handoverModes;
  private final PreviewLedger previews;
  private long pruneTimer = -1;
  private long probeTimer = -1;
  private volatile boolean open = true;

  /** @param intake the queue of the dedupe record and the journal: {@code queue} itself, or one of its own */
  SqlStore(Vertx vertx, Clock clock, CommitQueue queue, CommitQueue intake, Dialect dialect, long run,
           int sessionIdleDays) {
    this.vertx = vertx;
    this.clock = clock;
    this.queue = queue;
    this.intake = intake;
    this.queues = intake == queue ? List.of(queue) : List.of(queue, intake);
    this.retention = new Retention(sessionIdleDays);
    SqliteDedupeLog dedupe = new SqliteDedupeLog(intake, clock, run);
    this.dedupeLog = dedupe;
    this.inbox = new SqliteInbox(intake, queue, dedupe, dialect, clock, run);
    this.outbox = new SqliteOutbox(queue, clock);
    this.sessionHistory = new SqliteSessionHistory(queue, clock);
    this.sessionPreferences = new SqliteSessionPreferences(queue, clock);
    this.pairing = new SqlPairingStore(queue, clock);
    this.inboxClaims = new SqlInboxClaims(queue, clock, dialect);
    this.outboxClaims = new SqlOutboxClaims(queue, clock, dialect);
    this.chats = new SqliteChatDirectory(queue);
    this.sends = new SqliteSendLedger(queue, clock);
    this.handoverModes = new SqliteHandoverModes(queue);
    this.previews = new SqlPreviewLedger(queue, clock);
  }

  /** Records this start of a store in {@code runs} and returns its number (see {@link SqliteDedupeLog}). */
  static long startRun(Connection connection, long now) throws SQLException {
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

  /** Prunes once, then schedules pruning and the health probe; on failure, closes the store. */
  static <S extends SqlStore> Future<S> start(S store) {
    return store.prune().map(store).onSuccess(SqlStore::scheduleTimers)
        .recover(failure -> store.close().transform(closed -> Future.failedFuture(failure)));
  }

  private void scheduleTimers() {
    pruneTimer = vertx.setPeriodic(PRUNE_INTERVAL.toMillis(), timer -> prune()
        .onFailure(failure -> LOG.warn("store pruning failed, next try in {} min: {}",
            PRUNE_INTERVAL.toMinutes(), failure.getMessage())));
    probeTimer = vertx.setPeriodic(HEALTH_PROBE_INTERVAL.toMillis(), timer -> {
      if (!isHealthy()) {
        ping().onSuccess(back -> LOG.info("store {} answers again", location()));
      }
    });
  }

  @Override
  public DedupeLog dedupeLog() {
    return dedupeLog;
  }

  @Override
  public Inbox inbox() {
    return inbox;
  }

  @Override
  public Outbox outbox() {
    return outbox;
  }

  @Override
  public SessionHistory sessionHistory() {
    return sessionHistory;
  }

  @Override
  public SessionPreferences sessionPreferences() {
    return sessionPreferences;
  }

  @Override
  public PairingStore pairing() {
    return pairing;
  }

  @Override
  public InboxClaims inboxClaims() {
    return inboxClaims;
  }

  @Override
  public OutboxClaims outboxClaims() {
    return outboxClaims;
  }

  @Override
  public ChatDirectory chats() {
    return chats;
  }

  @Override
  public SendLedger sends() {
    return sends;
  }

  @Override
  public HandoverModes handoverModes() {
    return handoverModes;
  }

  @Override
  public PreviewLedger previews() {
    return previews;
  }

  @Override
  public boolean isHealthy() {
    return open && queues.stream().allMatch(CommitQueue::isHealthy);
  }

  @Override
  public Future<Void> ping() {
    return Future.all(queues.stream()
        .map(each -> each.read(connection -> Sql.<Void>first(connection, "SELECT 1", row -> null))).toList()).mapEmpty();
  }

  /** Deletes what retention allows now (see {@link StoreOptions#sessionIdleDays()}); logs what went. */
  @Override
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

  /** Transactions committed since open, by every queue; each carries one or more writes (for metrics and tests). */
  public long commits() {
    return queues.stream().mapToLong(CommitQueue::commits).sum();
  }

  /** True from open until {@link #close()} is called. */
  public boolean isOpen() {
    return open;
  }

  /** Stops the timers, commits the writes already requested and releases the database. */
  @Override
  public Future<Void> close() {
    open = false;
    vertx.cancelTimer(pruneTimer);
    vertx.cancelTimer(probeTimer);
    return Future.all(queues.stream().map(CommitQueue::close).toList()).mapEmpty();
  }

  /** The commit queue, for tests that need to hold the store's thread. */
  CommitQueue queue() {
    return queue;
  }

  /** The queue of the dedupe record and the journal, for tests. */
  CommitQueue intake() {
    return intake;
  }
}

package dev.switchboard.store;

import dev.switchboard.config.PostgresUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * The bridge's durable state in a PostgreSQL database that several nodes may share
 * ({@code session.store.url}): the same ports and behaviour as {@link SqliteStore}, on the same
 * {@link CommitQueue}s (each one connection on one thread of the store's own, group commit), through
 * the PostgreSQL JDBC driver: one for the webhooks' dedupe records and journal, one for everything
 * else, so that an acknowledgement does not queue behind the turns' statements. The schema is created
 * or migrated at open under an advisory lock ({@link PostgresSchema}).
 *
 * <p>Losing the server is not fatal: writes and reads fail meanwhile (a webhook is then answered 503,
 * so its platform sends it again), {@link #isHealthy()} is false, and the store reconnects by itself
 * as soon as the server answers again. The server must be reachable at open.
 */
public final class PostgresStore extends SqlStore {

  private final PostgresUrl url;

  private PostgresStore(Vertx vertx, Clock clock, CommitQueue queue, CommitQueue intake, long run, PostgresUrl url,
                        int sessionIdleDays) {
    super(vertx, clock, queue, intake, Dialect.POSTGRESQL, run, sessionIdleDays);
    this.url = url;
  }

  /**
   * Connects, migrates, prunes and schedules pruning. Fails with a {@link StoreException} naming the
   * database (never its password) when it cannot be reached, refuses the login, or is of a newer schema.
   */
  public static Future<PostgresStore> open(Vertx vertx, PostgresUrl url, String password, int sessionIdleDays,
                                           Clock clock) {
    CommitQueue queue = new CommitQueue(vertx, url.toString(), Dialect.POSTGRESQL);
    CommitQueue intake = new CommitQueue(vertx, url.toString(), Dialect.POSTGRESQL, CommitQueue.INTAKE);
    Callable<Connection> connect = () -> DriverManager.getConnection(url.jdbcUrl(), url.properties(password));
    // A server that went away took both connections with it: whichever finds out first renews both.
    intake.onConnectionLost(queue::reconnectOnNextUse);
    queue.onConnectionLost(intake::reconnectOnNextUse);
    return queue.connect(connect)
        .compose(connected -> queue.write(connection -> {
          PostgresSchema.migrate(connection, url.toString());
          return startRun(connection, clock.millis());
        }))
        .compose(run -> intake.connect(connect).map(run))
        .map(run -> new PostgresStore(vertx, clock, queue, intake, run, url, sessionIdleDays))
        .recover(failure -> Future.all(intake.close(), queue.close()).transform(closed -> Future.failedFuture(failure)))
        .compose(SqlStore::start);
  }

  @Override
  public String kind() {
    return Dialect.POSTGRESQL.kind();
  }

  @Override
  public String location() {
    return url.toString();
  }
}

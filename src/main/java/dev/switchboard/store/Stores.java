package dev.switchboard.store;

import dev.switchboard.config.PostgresUrl;
import dev.switchboard.config.SessionConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;

/** Opens the store the {@code session} section asks for: PostgreSQL at {@code store.url}, else SQLite at {@code store.path}. */
public final class Stores {

  private Stores() {
  }

  /** The bridge's store (see {@link SqliteStore#open} and {@link PostgresStore#open}). */
  public static Future<Store> open(Vertx vertx, SessionConfig session, Clock clock) {
    return session.sharedStore()
        ? PostgresStore.open(vertx, PostgresUrl.parse(session.storeUrl()), session.storePassword(), session.idleDays(),
            clock).map(store -> store)
        : SqliteStore.open(vertx, StoreOptions.from(session), clock).map(store -> store);
  }

  /**
   * The store for a one-shot command ({@code pairing}, {@code doctor}), which may run while the bridge
   * does: PostgreSQL is shared anyway; the SQLite file is opened without taking the bridge's lock.
   */
  public static Future<Store> openBesideBridge(Vertx vertx, SessionConfig session, Clock clock) {
    return session.sharedStore() ? open(vertx, session, clock)
        : SqliteStore.openBesideBridge(vertx, StoreOptions.from(session), clock).map(store -> store);
  }
}

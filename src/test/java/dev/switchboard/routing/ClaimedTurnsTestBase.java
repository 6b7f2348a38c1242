package dev.switchboard.routing;

import dev.switchboard.store.SqliteStore;
import dev.switchboard.store.Store;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Routers claiming turns from one store, as the nodes of a cluster do from their PostgreSQL: here one
 * SQLite file, which the claims' SQL shares with PostgreSQL (StoreContract holds both to it).
 */
abstract class ClaimedTurnsTestBase {

  static final Duration LEASE = Duration.ofSeconds(30);

  @TempDir
  Path dir;
  Store store;

  /** Opens the shared store; closed after the test. */
  Store openStore(Vertx vertx) {
    store = SqliteStore.open(vertx, dir.resolve("store.db").toString(), Clock.systemUTC()).await();
    return store;
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close().await();
    }
  }
}

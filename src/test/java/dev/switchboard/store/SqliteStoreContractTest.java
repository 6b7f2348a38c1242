package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The {@link StoreContract} on a SQLite file in a fresh temporary directory. */
class SqliteStoreContractTest extends StoreContract {

  @TempDir
  Path dir;

  @Override
  void newDatabase() {
    // Each test has its own temporary directory: the file does not exist yet.
  }

  private StoreOptions options() {
    return new StoreOptions(dir.resolve("switchboard.db").toString(), StoreOptions.DEFAULT_SESSION_IDLE_DAYS,
        StoreFixture.BUSY_TIMEOUT_MS);
  }

  @Override
  Future<? extends Store> openStore(Vertx vertx, Clock clock) {
    return SqliteStore.open(vertx, options(), clock);
  }

  @Override
  Future<? extends Store> openBeside(Vertx vertx, Clock clock) {
    return SqliteStore.openBesideBridge(vertx, options(), clock);
  }
}

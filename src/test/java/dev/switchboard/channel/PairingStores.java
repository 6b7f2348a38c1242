package dev.switchboard.channel;

import dev.switchboard.store.PairingStore;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;

/** Pairing as the bridge keeps it: in its store, here a SQLite file in a test's temporary directory. */
public final class PairingStores {

  private PairingStores() {
  }

  /** The pairing of a store opened on {@code dir/pairing.db} with {@code clock}. */
  public static PairingStore in(Vertx vertx, Path dir, Clock clock) {
    return open(vertx, dir, clock).pairing();
  }

  public static SqliteStore open(Vertx vertx, Path dir, Clock clock) {
    return SqliteStore.open(vertx, dir.resolve("pairing.db").toString(), clock).await();
  }
}

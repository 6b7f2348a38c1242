package dev.switchboard.store;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Base of the tests that open, close and reopen a store on one file, {@link #file}, in a fresh
 * temporary directory per test.
 */
@ExtendWith(VertxExtension.class)
abstract class StoreFileTestBase {

  @TempDir
  Path dir;
  Vertx vertx;
  Path file;

  @BeforeEach
  void useFileInTempDir(Vertx vertx) {
    this.vertx = vertx;
    this.file = dir.resolve("switchboard.db");
  }

  /** Opens (or reopens) the store on {@link #file} at {@link StoreFixture#START}. */
  SqliteStore open() {
    return StoreFixture.open(vertx, file);
  }

  /** Opens (or reopens) the store on {@link #file} as if the time were {@code now}. */
  SqliteStore openAt(Instant now) {
    return StoreFixture.open(vertx, file, now);
  }
}

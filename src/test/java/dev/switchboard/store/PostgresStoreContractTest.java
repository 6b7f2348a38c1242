package dev.switchboard.store;

import dev.switchboard.config.PostgresUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;

/** The {@link StoreContract} on the test JVM's PostgreSQL server, in a fresh schema per test. */
class PostgresStoreContractTest extends StoreContract {

  private PostgresUrl url;

  @Override
  void newDatabase() {
    url = PostgresUrl.parse(PostgresServer.shared().freshUrl());
  }

  @Override
  Future<? extends Store> openStore(Vertx vertx, Clock clock) {
    return PostgresStore.open(vertx, url, null, StoreOptions.DEFAULT_SESSION_IDLE_DAYS, clock);
  }

  @Override
  Future<? extends Store> openBeside(Vertx vertx, Clock clock) {
    return openStore(vertx, clock);
  }
}

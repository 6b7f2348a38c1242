package dev.switchboard.store;

import dev.switchboard.config.PostgresUrl;
import dev.switchboard.fakes.ClosedPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening the PostgreSQL store: nodes starting together, and databases it must refuse. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class PostgresStoreStartTest {

  @Test
  void nodesStartingTogetherOnAnEmptyDatabaseAllOpenOnOneSchema(Vertx vertx) {
    PostgresUrl url = PostgresUrl.parse(PostgresServer.shared().freshDatabaseUrl());
    List<Future<PostgresStore>> opening = new ArrayList<>();
    for (int node = 0; node < 4; node++) {
      opening.add(PostgresStore.open(vertx, url, null, 30, Clock.systemUTC()));
    }
    List<PostgresStore> stores = Future.all(opening).await().list();
    for (int node = 0; node < stores.size(); node++) {
      stores.get(node).inbox().journal(StoreFixture.dm("100", "m" + node, "from node " + node)).await();
    }
    assertEquals(4, stores.get(0).inbox().unanswered().await().size(), "every node writes to the same tables");
    stores.forEach(store -> store.close().await());
  }

  @Test
  void aDatabaseOfANewerBuildIsRefused(Vertx vertx) {
    String url = PostgresServer.shared().freshUrl();
    PostgresStore.open(vertx, PostgresUrl.parse(url), null, 30, Clock.systemUTC()).await().close().await();
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    PostgresServer.shared().admin("UPDATE " + schema + ".schema_version SET version = 99");
    StoreException refused = assertInstanceOf(StoreException.class, assertThrows(Exception.class,
        () -> PostgresStore.open(vertx, PostgresUrl.parse(url), null, 30, Clock.systemUTC()).await()));
    assertTrue(refused.getMessage().contains("schema version 99"), refused.getMessage());
  }

  @Test
  void anUnreachableServerFailsTheOpenNamingTheDatabaseButNotThePassword(Vertx vertx) throws Exception {
    int closedPort = ClosedPort.number();
    PostgresUrl url = PostgresUrl.parse("postgresql://switchboard@127.0.0.1:" + closedPort + "/switchboard");
    StoreException refused = assertInstanceOf(StoreException.class, assertThrows(Exception.class,
        () -> PostgresStore.open(vertx, url, "s3cret-pw", 30, Clock.systemUTC()).await()));
    assertTrue(refused.getMessage().contains("postgresql://switchboard@127.0.0.1:" + closedPort + "/switchboard"),
        refused.getMessage());
    assertFalse(refused.getMessage().contains("s3cret-pw"), refused.getMessage());
  }
}

package dev.switchboard.it;

import dev.switchboard.store.PairingStore;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.store.PostgresServer;
import dev.switchboard.store.SqliteStore;
import dev.switchboard.store.StoreOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar's commands about the store: {@code check}, {@code doctor}, and {@code pairing} beside a running bridge. */
@Timeout(180)
class StoreCommandsIT {

  private static Vertx vertx;
  private static FakeModelServer model;

  @TempDir
  Path dir;

  @BeforeAll
  static void fakes() {
    vertx = Vertx.vertx();
    model = FakeModelServer.start(vertx).await();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  /** {@code store} and {@code extra} are JSON5 members: the {@code store} object, then more top-level keys. */
  private Path config(String store, String extra) throws IOException {
    Path file = dir.resolve("switchboard.json5");
    Files.writeString(file, """
        { gateway: { port: 0 },
          agents: { defaults: { model: { primary: "lmstudio/fake-model" } } },
          models: { mode: "replace", providers: { lmstudio: { baseUrl: "%s", apiKey: "lmstudio",
            api: "openai-responses", models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          session: { store: %s } %s }
        """.formatted(model.baseUrl(), store, extra));
    return file;
  }

  @Test
  @DisplayName("check names the store kind, and refuses a cluster on SQLite naming session.store.url")
  void checkDescribesTheStore() throws Exception {
    String url = "postgresql://switchboard@db.example:5433/switchboard";
    JarProcess postgres = JarProcess.run(Map.of("SWITCHBOARD_DB_PASSWORD", "pw-never-printed"), "check", "--config",
        config("{ url: '" + url + "', password: '${SWITCHBOARD_DB_PASSWORD}' }", "").toString());
    assertEquals(0, postgres.exitCode(), postgres.stderr());
    assertTrue(postgres.stdout().contains("store: postgresql " + url), postgres.stdout());
    assertFalse(postgres.stdout().contains("pw-never-printed"), postgres.stdout());

    JarProcess sqlite = JarProcess.run(Map.of(), "check", "--config", config("{ path: 'data/x.db' }", "").toString());
    assertTrue(sqlite.stdout().contains("store: sqlite data/x.db"), sqlite.stdout());

    JarProcess cluster = JarProcess.run(Map.of(), "check", "--config",
        config("{ path: 'data/x.db' }", ", cluster: { enabled: true }").toString());
    assertEquals(2, cluster.exitCode());
    assertTrue(cluster.stderr().contains("cluster.enabled: a cluster needs a shared PostgreSQL store: set session.store.url"),
        cluster.stderr());
  }

  @Test
  @DisplayName("doctor says whether the PostgreSQL database answers, and exits 1 when it does not")
  void doctorChecksTheDatabase() throws Exception {
    String url = PostgresServer.shared().freshDatabaseUrl();
    JarProcess healthy = JarProcess.run(Map.of(), "doctor", "--config", config("{ url: '" + url + "' }", "").toString());
    assertEquals(0, healthy.exitCode(), healthy.stdout() + healthy.stderr());
    assertTrue(healthy.stdout().contains("store postgresql " + url + ": ok"),
        healthy.stdout());

    String nobody = "postgresql://postgres@127.0.0.1:" + PostgresServer.shared().port() + "/no_such_database";
    JarProcess down = JarProcess.run(Map.of(), "doctor", "--config", config("{ url: '" + nobody + "' }", "").toString());
    assertEquals(1, down.exitCode(), down.stdout());
    assertTrue(down.stdout().contains("store postgresql: DOES NOT WORK: store " + nobody), down.stdout());
    assertTrue(down.stdout().contains("no_such_database"), down.stdout());
  }

  @Test
  @DisplayName("pairing list and approve work while the bridge runs on the same SQLite file")
  void pairingBesideARunningBridge() throws Exception {
    Path store = dir.resolve("data/switchboard.db");
    String config = config("{ path: '" + store + "' }", "").toString();
    try (JarProcess bridge = JarProcess.start(Map.of(), "run", "--config", config)) {
      bridge.awaitReady();
      // A code as the running bridge issues it to an unknown sender, written beside it.
      SqliteStore beside = SqliteStore.openBesideBridge(vertx, StoreOptions.of(store.toString()), Clock.systemUTC())
          .await();
      PairingStore pairing = beside.pairing();
      String code = pairing.request("telegram", "4242", "Ada").await().pairing().code();

      JarProcess list = JarProcess.run(Map.of(), "pairing", "list", "--config", config);
      assertEquals(0, list.exitCode(), list.stderr());
      assertTrue(list.stdout().contains(code) && list.stdout().contains("Ada (4242)"), list.stdout());
      JarProcess approve = JarProcess.run(Map.of(), "pairing", "approve", "telegram", code, "--config", config);
      assertEquals(0, approve.exitCode(), approve.stderr());
      assertTrue(approve.stdout().startsWith("Approved Ada (4242) on telegram."), approve.stdout());
      assertTrue(pairing.isApproved("telegram", "4242").await());
      beside.close().await();

      JarProcess second = JarProcess.run(Map.of(), "run", "--config", config);
      assertEquals(1, second.exitCode(), "still one bridge per file");
      assertTrue(second.stderr().contains("locked by another process"), second.stderr());
      assertTrue(bridge.terminate(), "the bridge kept running and stops cleanly");
    }
  }
}

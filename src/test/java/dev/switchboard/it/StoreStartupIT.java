package dev.switchboard.it;

import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store or a port the bridge cannot use stops it at start with a one-line reason naming the file or
 * the address, and exit 1; it never hangs half started.
 */
class StoreStartupIT {

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

  private Path config(String name, Path store) throws IOException {
    return config(name, store, 0);
  }

  private Path config(String name, Path store, int port) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, """
        { gateway: { port: %d },
          agents: { defaults: { model: { primary: "lmstudio/fake-model" } } },
          models: { mode: "merge", providers: { lmstudio: { baseUrl: "%s", apiKey: "lmstudio",
            api: "openai-responses", models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          session: { store: { path: "%s" } } }
        """.formatted(port, model.baseUrl(), store));
    return file;
  }

  private static void assertCleanFailure(JarProcess failed, String... expected) {
    assertEquals(1, failed.exitCode(), failed.stderr());
    for (String text : expected) {
      assertTrue(failed.stderr().contains(text), "missing \"" + text + "\" in:\n" + failed.stderr());
    }
    assertFalse(failed.stderr().contains("\tat "), "no stack trace: " + failed.stderr());
  }

  @Test
  @DisplayName("SQLite's native library is unpacked once into the user's cache and loaded from there by later starts")
  void theNativeLibraryIsLoadedFromTheUsersCache() throws Exception {
    Path cache = dir.resolve("cache");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    Path config = config("cached.json5", dir.resolve("data/switchboard.db"));
    Object unpacked = null;
    for (int start = 1; start <= 2; start++) {
      try (JarProcess bridge = JarProcess.start(env, "run", "--config", config.toString())) {
        bridge.awaitReady();
        Path library;
        try (Stream<Path> files = Files.find(cache.resolve("switchboard"), 2,
            (path, attributes) -> path.getFileName().toString().equals("libsqlitejdbc.so"))) {
          library = files.findFirst().orElseThrow(() -> new AssertionError("no library in " + cache));
        }
        String maps = Files.readString(Path.of("/proc/" + bridge.pid() + "/maps"));
        assertTrue(maps.contains(library.toString()), "start " + start + " runs SQLite from " + library);
        Object inode = Files.readAttributes(library, "unix:ino").get("ino");
        if (unpacked != null) {
          assertEquals(unpacked, inode, "the second start reuses the first one's copy");
        }
        unpacked = inode;
        assertTrue(bridge.terminate(), bridge.stderr());
      }
    }
  }

  @Test
  @DisplayName("a second bridge on a store in use exits 1 saying the file is locked")
  void aSecondBridgeOnTheSameStoreRefusesToStart() throws Exception {
    Path store = dir.resolve("data/switchboard.db");
    try (JarProcess first = JarProcess.start(Map.of(), "run", "--config", config("first.json5", store).toString())) {
      first.awaitReady();
      JarProcess second = JarProcess.run(Map.of(), "run", "--config", config("second.json5", store).toString());
      assertCleanFailure(second, "locked", store.toString());
      assertTrue(first.terminate(), "the first bridge kept running and stops cleanly");
    }
  }

  @Test
  @DisplayName("a store file that is not a database exits 1 naming it")
  void aFileThatIsNotADatabaseRefusesToStart() throws Exception {
    Path store = dir.resolve("notes.db");
    Files.writeString(store, "these are my notes, not a database ".repeat(200));
    JarProcess failed = JarProcess.run(Map.of(), "run", "--config", config("notes.json5", store).toString());
    assertCleanFailure(failed, "not an SQLite database", store.toString());
  }

  @Test
  @DisplayName("a port another process holds exits 1 naming the address, instead of hanging")
  void aPortInUseRefusesToStart() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config = config("taken.json5", dir.resolve("data/switchboard.db"), taken.getLocalPort());
      JarProcess failed = JarProcess.run(Map.of(), "run", "--config", config.toString());
      assertCleanFailure(failed, "cannot listen on 127.0.0.1:" + taken.getLocalPort(), "Address already in use");
    }
  }
}

package dev.switchboard.cluster;

import dev.switchboard.app.MainVerticle;
import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another application, in its own JVM whose classpath holds only vertx-core, vertx-hazelcast and
 * their dependencies (not Switchboard), joins the cluster and asks {@code switchboard.ask}: the
 * program README shows, run from its source file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ForeignApplicationTest {

  /** vertx-core (and its logging module), vertx-hazelcast, Hazelcast, Netty and Jackson core: what those two bring. */
  private static final List<String> ALLOWED = List.of("/io/vertx/vertx-core/", "/io/vertx/vertx-core-logging/",
      "/io/vertx/vertx-hazelcast/",
      "/com/hazelcast/", "/io/netty/", "/com/fasterxml/jackson/core/jackson-core/");

  @Test
  void aProgramWithOnlyVertxAndHazelcastAsksTheBridgeOverTheClusteredBus(@TempDir Path dir) throws Exception {
    Vertx tools = Vertx.vertx();
    FakeModelServer model = FakeModelServer.start(tools).await().always(FakeModelBehaviour.reply("Hello, other app."));
    String name = "switchboard-foreign-" + UUID.randomUUID();
    ClusterNode node = ClusterNode.join(new ClusterConfig(true, name, "127.0.0.1", 0, List.of(), null, 5)).await();
    try {
      node.vertx().deployVerticle(new MainVerticle(ConfigLoader.parse("test", """
          { gateway: { port: 0, instances: 1 },
            agents: { defaults: { model: { primary: "local/fake-model" } } },
            models: { mode: "replace", providers: { local: { baseUrl: "%s", api: "openai-responses",
              models: [{ id: "fake-model" }] } } },
            session: { store: { path: "%s" } } }
          """.formatted(model.baseUrl(), dir.resolve("s.db")), Map.of()), node)).await();

      String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
          .filter(entry -> ALLOWED.stream().anyMatch(entry::contains))
          .collect(Collectors.joining(File.pathSeparator));
      assertFalse(classpath.contains("switchboard"), classpath);
      Path source = Path.of("src", "test", "resources", "foreign", "AskSwitchboard.java");
      Process program = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", classpath, source.toString(), name, "127.0.0.1:" + node.memberPort(), "Who are you?")
          .redirectError(dir.resolve("stderr.txt").toFile()).start();
      program.getOutputStream().close();
      // Its log goes to a file; stdout holds the answer.
      String output = new String(program.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertTrue(program.waitFor(120, TimeUnit.SECONDS), "the program did not end");
      assertEquals(0, program.exitValue(), output + java.nio.file.Files.readString(dir.resolve("stderr.txt")));
      assertEquals("Hello, other app. [local/fake-model]", output);
      assertEquals(1, model.requests().size());
      assertTrue(model.requests().get(0).body().encode().contains("Who are you?"));
    } finally {
      node.vertx().close().await();
      tools.close().await();
    }
  }
}

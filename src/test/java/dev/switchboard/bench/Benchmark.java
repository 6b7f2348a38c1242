package dev.switchboard.bench;

import dev.switchboard.app.MainVerticle;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.it.JarProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The performance figures of DESIGN.md §12 for the model path, on this machine: the bridge runs as
 * the fat jar in its own JVM (as in production); the fake model and the load generator, both Vert.x,
 * run here. Run with {@code mvn -B -Pbench -DskipTests verify}; the figures go to stdout as Markdown.
 */
public final class Benchmark {

  static final String TOKEN = "bench";
  static final Buffer BODY = new JsonObject().put("model", "switchboard").put("input", "Hello, how are you?").toBuffer();
  static final long WARMUP_MS = 5_000;
  static final long RUN_MS = 10_000;
  /** {@code -Dbench.only=webhooks} runs the webhook figures alone; {@code postgres-webhooks} those on PostgreSQL. */
  static final boolean ONLY_WEBHOOKS = "webhooks".equals(System.getProperty("bench.only"));
  static final boolean ONLY_POSTGRES_WEBHOOKS = "postgres-webhooks".equals(System.getProperty("bench.only"));
  /** {@code -Dbench.only=cluster}: 1, 2 and 3 node JVMs on one PostgreSQL (README "Running several nodes"). */
  static final boolean ONLY_CLUSTER = "cluster".equals(System.getProperty("bench.only"));
  /** Each bridge of the run gets its own store file: one store per bridge, as in production. */
  static final Path STORE_DIR = temporaryDirectory();
  static final java.util.concurrent.atomic.AtomicInteger STORES = new java.util.concurrent.atomic.AtomicInteger();

  private Benchmark() {
  }

  public static void main(String[] args) throws Exception {
    Vertx tools = Vertx.vertx();
    FakeModelServer model = FakeModelServer.start(tools).await().recording(false);
    List<String> rows = new ArrayList<>();
    Path dir = Files.createTempDirectory("switchboard-bench");
    try {
      if (ONLY_POSTGRES_WEBHOOKS) {
        rows.addAll(WebhookLoad.measureOnPostgres(tools, model.baseUrl(), freePort(), dir));
        print(rows);
        return;
      }
      if (ONLY_CLUSTER) {
        rows.addAll(ClusterLoad.measure(tools));
        print(rows);
        return;
      }
      if (ONLY_WEBHOOKS) {
        rows.addAll(WebhookLoad.measure(tools, model.baseUrl(), freePort(), dir));
        print(rows);
        return;
      }
      int port = freePort();
      Path config = writeConfig(dir, port, model.baseUrl(), model.baseUrl());
      long started = System.nanoTime();
      try (JarProcess bridge = JarProcess.start(Map.of(), "run", "--config", config.toString())) {
        bridge.awaitReady();
        rows.add(row("start to ready (jar launch to ready log line)", ms(System.nanoTime() - started), "≤ 2,000 ms"));
        rows.add(row("resident memory, idle", rssMb(bridge.pid()) + " MB", "≤ 150 MB"));

        LoadGenerator viaBridge = new LoadGenerator(tools, port, "/v1/responses", TOKEN, () -> BODY, 64);
        LoadGenerator direct = new LoadGenerator(tools, model.port(), "/v1/responses", null, () -> BODY, 64);
        viaBridge.closedLoop(64, WARMUP_MS).await();
        Latencies saturated = viaBridge.closedLoop(64, RUN_MS).await();
        rows.add(row("turns/s through POST /v1/responses (64 in flight)",
            String.format("%,.0f", saturated.count() * 1000.0 / RUN_MS), "≥ 4,000"));
        rows.add(row("latency at saturation", saturated.summary(), ""));
        rows.add(row("resident memory, under load", rssMb(bridge.pid()) + " MB", "≤ 300 MB"));

        Latencies bridged = viaBridge.openLoop(500, RUN_MS).await();
        Latencies baseline = direct.openLoop(500, RUN_MS).await();
        rows.add(row("bridge overhead at 500 turns/s, p50 (bridge p50 − direct p50)",
            String.format("%.3f ms", bridged.percentileMs(50) - baseline.percentileMs(50)), "≤ 0.5 ms"));
        rows.add(row("bridge overhead at 500 turns/s, p99 (bridge p99 − direct p99)",
            String.format("%.3f ms", bridged.percentileMs(99) - baseline.percentileMs(99)), "≤ 5 ms"));
        rows.add(row("  through the bridge", bridged.summary(), ""));
        rows.add(row("  directly to the fake model", baseline.summary(), ""));
        rows.add(row("failed requests", String.valueOf(viaBridge.failures() + direct.failures()), "0"));
        viaBridge.close().await();
        direct.close().await();
        bridge.terminate();
      }
      rows.addAll(GatewayScaling.measure(tools, model.baseUrl()));
      rows.addAll(DeadPrimary.measure(tools, model));
      rows.addAll(WebhookLoad.measure(tools, model.baseUrl(), freePort(), dir));
      rows.addAll(WebhookLoad.measureOnPostgres(tools, model.baseUrl(), freePort(), dir));
      rows.addAll(ClusterLoad.measure(tools));
    } finally {
      tools.close().await();
    }
    print(rows);
  }

  private static void print(List<String> rows) {
    System.out.println();
    System.out.println("| figure | this machine | target |");
    System.out.println("|---|---|---|");
    rows.forEach(System.out::println);
    System.exit(0);
  }

  static Path writeConfig(Path dir, int port, String primaryBaseUrl, String fallbackBaseUrl) throws IOException {
    Path file = dir.resolve("bench-" + port + ".json5");
    Files.writeString(file, configText(port, primaryBaseUrl, fallbackBaseUrl));
    return file;
  }

  static String configText(int port, String primaryBaseUrl, String fallbackBaseUrl) {
    return """
        { gateway: { port: %d },
          agents: { defaults: { model: { primary: "local/fake-model", fallbacks: ["backup/fake-model"] } } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", api: "openai-responses", firstTokenTimeoutMs: 5000,
                     models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] },
            backup: { baseUrl: "%s", api: "openai-responses",
                      models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { http: { token: "%s" } },
          session: { store: { path: "%s" } } }
        """.formatted(port, primaryBaseUrl, fallbackBaseUrl, TOKEN, STORE_DIR.resolve("bench-" + STORES.incrementAndGet() + ".db"));
  }

  static String row(String figure, String value, String target) {
    return "| " + figure + " | " + value + " | " + target + " |";
  }

  static String ms(long nanos) {
    return String.format("%,d ms", nanos / 1_000_000);
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("switchboard-bench-stores");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** VmRSS of a process, from /proc (Linux). */
  private static long rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
      }
    }
    return -1;
  }

  /** The bridge in this JVM, for figures that need many fresh starts (a breaker closed again). */
  static MainVerticle deploy(Vertx vertx, String primaryBaseUrl, String fallbackBaseUrl) {
    MainVerticle main = new MainVerticle(ConfigLoader.parse("bench", configText(0, primaryBaseUrl, fallbackBaseUrl),
        Map.of()));
    vertx.deployVerticle(main).await();
    return main;
  }

  static FakeModelBehaviour instant() {
    return FakeModelBehaviour.reply(FakeModelServer.DEFAULT_REPLY);
  }
}

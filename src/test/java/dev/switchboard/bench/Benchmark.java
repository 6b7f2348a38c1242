package dev.switchboard.bench;

import dev.switchboard.app.MainVerticle;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.it.FreePort;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
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
  static final String ONLY = System.getProperty("bench.only", "all");
  /** {@code -Dbench.stream=false}: the primary answers in one body, to see what decoding its event stream costs. */
  static final boolean STREAM = !"false".equals(System.getProperty("bench.stream"));
  /** Each bridge of the run gets its own store file: one store per bridge, as in production. */
  static final Path STORE_DIR = temporaryDirectory();
  static final java.util.concurrent.atomic.AtomicInteger STORES = new java.util.concurrent.atomic.AtomicInteger();

  private Benchmark() {
  }

  public static void main(String[] args) throws Exception {
    // The load generator and the fakes use the transport the bridge uses: the lighter they are, the
    // more of the 2 cores is left for what is measured.
    Vertx tools = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    FakeModelServer model = FakeModelServer.start(tools).await().recording(false);
    Path dir = Files.createTempDirectory("switchboard-bench");
    // Each part's rows are printed as soon as it ends, so that a part cut short loses only its own.
    System.out.println();
    System.out.println("| figure | this machine | target |");
    System.out.println("|---|---|---|");
    try {
      if (runs("proxy")) {
        print(ProxyComparison.measure(tools, model, dir));
      }
      if (runs("decode")) {
        print(StreamDecoding.measure());
      }
      if (runs("startup")) {
        print(StartupTimes.measure(dir));
      }
      if (runs("scaling")) {
        print(GatewayScaling.measure(tools, model.baseUrl()));
      }
      if (runs("deadprimary")) {
        print(DeadPrimary.measure(tools, model));
      }
      if (runs("webhooks")) {
        print(WebhookLoad.measure(tools, model.baseUrl(), FreePort.any(), dir));
      }
      if (runs("journal")) {
        print(JournalLatency.measure(dir));
      }
      if (runs("postgres-webhooks")) {
        print(WebhookLoad.measureOnPostgres(tools, model.baseUrl(), FreePort.any(), dir));
      }
      if (runs("streaming")) {
        print(StreamingLoad.measure(tools, model, FreePort.any(), dir));
      }
      if (runs("voice")) {
        print(VoiceNoteLoad.measure(tools, model.baseUrl(), FreePort.any(), dir));
      }
      if (runs("cluster")) {
        print(ClusterLoad.measure(tools));
      }
    } finally {
      tools.close().await();
    }
    System.exit(0);
  }

  /** {@code -Dbench.only=proxy,startup} runs those parts alone; {@code all} (the default) every part. */
  private static boolean runs(String part) {
    return ONLY.equals("all") || List.of(ONLY.split(",")).contains(part);
  }

  private static void print(List<String> rows) {
    rows.forEach(System.out::println);
    System.out.flush();
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
            local: { baseUrl: "%s", api: "openai-responses", firstTokenTimeoutMs: 5000, stream: %s,
                     models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] },
            backup: { baseUrl: "%s", api: "openai-responses",
                      models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { http: { token: "%s" } },
          session: { store: { path: "%s" } } }
        """.formatted(port, primaryBaseUrl, STREAM, fallbackBaseUrl, TOKEN, STORE_DIR.resolve("bench-" + STORES.incrementAndGet() + ".db"));
  }

  static String row(String figure, String value, String target) {
    return "| " + figure + " | " + value + " | " + target + " |";
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

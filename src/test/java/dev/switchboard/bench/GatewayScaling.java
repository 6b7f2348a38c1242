package dev.switchboard.bench;

import dev.switchboard.it.FreePort;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.it.JarProcess;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns/s through {@code POST /v1/responses} with {@code gateway.instances: 1} and with the default
 * (one per core), the bridge as the fat jar, the two set-ups alternated over several rounds so that a
 * loaded machine hurts both alike; the medians and their ratio are reported. Run alone with
 * {@code mvn -B -Pbench -DskipTests verify -Dbench.main=dev.switchboard.bench.GatewayScaling}.
 */
public final class GatewayScaling {

  private static final int ROUNDS = 3;
  /** Each count is a fresh JVM: long enough for its C2 compiler to settle before the run counts. */
  private static final long WARMUP_MS = 15_000;
  private static final long RUN_MS = 8_000;
  private static final int IN_FLIGHT = 64;

  private GatewayScaling() {
  }

  public static void main(String[] args) throws Exception {
    Vertx tools = Vertx.vertx();
    try {
      FakeModelServer model = FakeModelServer.start(tools).await().recording(false);
      measure(tools, model.baseUrl()).forEach(System.out::println);
    } finally {
      tools.close().await();
    }
    System.exit(0);
  }

  static List<String> measure(Vertx tools, String modelBaseUrl) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    List<Double> one = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    Path dir = Files.createTempDirectory("switchboard-bench-cores");
    for (int round = 0; round < ROUNDS; round++) {
      one.add(turnsPerSecond(tools, dir, modelBaseUrl, 1));
      all.add(turnsPerSecond(tools, dir, modelBaseUrl, cores));
    }
    double single = Benchmark.median(one);
    double every = Benchmark.median(all);
    return List.of(
        Benchmark.row("turns/s, gateway.instances: 1 (median of " + ROUNDS + ")", String.format("%,.0f", single), ""),
        Benchmark.row("turns/s, gateway.instances: " + cores + " (default here)", String.format("%,.0f", every), ""),
        Benchmark.row("ratio default / 1 instance", String.format("%.2f", every / single), "grows with cores"));
  }

  private static double turnsPerSecond(Vertx tools, Path dir, String modelBaseUrl, int instances) throws Exception {
    int port = FreePort.any();
    String config = Benchmark.configText(port, modelBaseUrl, modelBaseUrl)
        .replace("gateway: { port: " + port + " }", "gateway: { port: " + port + ", instances: " + instances + " }");
    Path file = dir.resolve("cores-" + port + ".json5");
    Files.writeString(file, config);
    try (JarProcess bridge = JarProcess.start(RunFlags.BRIDGE, Map.of(), "run", "--config", file.toString())) {
      bridge.awaitReady();
      LoadGenerator load = new LoadGenerator(tools, port, "/v1/responses", Benchmark.TOKEN, () -> Benchmark.BODY,
          IN_FLIGHT);
      load.closedLoop(IN_FLIGHT, WARMUP_MS).await();
      Latencies measured = load.closedLoop(IN_FLIGHT, RUN_MS).await();
      load.close().await();
      bridge.terminate();
      return measured.count() * 1000.0 / RUN_MS;
    }
  }

}

package dev.switchboard.bench;

import dev.switchboard.fakes.ClosedPort;
import dev.switchboard.app.MainVerticle;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * What a dead local model costs: the first turn after a start (connection refused, then the
 * fallback), and the turns after it with the primary's breaker open, each against a healthy chain.
 */
final class DeadPrimary {

  private static final int STARTS = 15;
  private static final int OPEN_BREAKER_TURNS_PER_SECOND = 200;
  private static final long OPEN_BREAKER_RUN_MS = 5_000;

  private DeadPrimary() {
  }

  static List<String> measure(Vertx tools, FakeModelServer model) {
    String dead = "http://127.0.0.1:" + ClosedPort.number() + "/v1";
    List<Double> healthyFirst = new ArrayList<>();
    List<Double> deadFirst = new ArrayList<>();
    for (int i = 0; i < STARTS; i++) {
      healthyFirst.add(firstTurnMs(tools, model.baseUrl(), model.baseUrl()));
      deadFirst.add(firstTurnMs(tools, dead, model.baseUrl()));
    }
    List<String> rows = new ArrayList<>();
    rows.add(Benchmark.row("dead primary (connection refused), first turn after start: added latency (median of "
            + STARTS + " starts)",
        String.format("%.2f ms (%.2f vs %.2f ms)", Benchmark.median(deadFirst) - Benchmark.median(healthyFirst),
            Benchmark.median(deadFirst), Benchmark.median(healthyFirst)), "≤ 10 ms"));

    Vertx bridgeVertx = Vertx.vertx();
    try {
      Latencies healthy = openLoop(bridgeVertx, tools, model.baseUrl(), model.baseUrl());
      Latencies open = openLoop(bridgeVertx, tools, dead, model.baseUrl());
      rows.add(Benchmark.row("dead primary, breaker open: added latency p50 (at "
              + OPEN_BREAKER_TURNS_PER_SECOND + " turns/s)",
          String.format("%.3f ms", open.percentileMs(50) - healthy.percentileMs(50)), "≤ 1 ms, primary not called"));
      rows.add(Benchmark.row("  healthy chain", healthy.summary(), ""));
      rows.add(Benchmark.row("  primary dead, breaker open", open.summary(), ""));
    } finally {
      bridgeVertx.close().await();
    }
    return rows;
  }

  private static double firstTurnMs(Vertx tools, String primary, String fallback) {
    Vertx bridgeVertx = Vertx.vertx();
    try {
      MainVerticle main = Benchmark.deploy(bridgeVertx, primary, fallback);
      LoadGenerator client = new LoadGenerator(tools, main.port(), "/v1/responses", Benchmark.TOKEN,
          () -> Benchmark.BODY, 1);
      // Connection set-up to the bridge is not what is measured, and the measured turn must be the
      // first one: with the primary dead, any earlier turn would have opened its breaker.
      client.connect().await();
      double ms = client.once().await() / 1_000_000.0;
      client.close().await();
      return ms;
    } finally {
      bridgeVertx.close().await();
    }
  }

  private static Latencies openLoop(Vertx bridgeVertx, Vertx tools, String primary, String fallback) {
    MainVerticle main = Benchmark.deploy(bridgeVertx, primary, fallback);
    LoadGenerator client = new LoadGenerator(tools, main.port(), "/v1/responses", Benchmark.TOKEN,
        () -> Benchmark.BODY, 16);
    client.openLoop(OPEN_BREAKER_TURNS_PER_SECOND, 2_000).await();
    Latencies latencies = client.openLoop(OPEN_BREAKER_TURNS_PER_SECOND, OPEN_BREAKER_RUN_MS).await();
    client.close().await();
    bridgeVertx.undeploy(bridgeVertx.deploymentIDs().iterator().next()).await();
    return latencies;
  }
}

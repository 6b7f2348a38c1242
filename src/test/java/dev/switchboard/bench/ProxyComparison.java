package dev.switchboard.bench;

import dev.switchboard.it.FreePort;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.it.JarProcess;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Switchboard against the limit, in the same run: the bridge (the jar) and {@link BareProxy}, each in
 * its own JVM with the same flags and the same fake model behind, are measured in turn, A B A B, so
 * that both see the same machine as its load drifts. Each round gives one ratio per figure; the rows
 * are the median of those ratios and their range, then the absolute figures they come from.
 */
final class ProxyComparison {

  static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  static final int IN_FLIGHT = 64;
  static final long SATURATED_MS = 5_000;
  static final int FIXED_RATE = 200;
  static final long FIXED_RATE_MS = 4_000;
  /**
   * Rounds run and not counted. With one, the bridge's C2 compiler was still busy through the first
   * measured rounds ({@code -XX:+LogCompilation}: 5 s of compiling 20 s after start, 2 s at 35 s),
   * which spread its CPU per turn from 2.4× to 8.3× the proxy's; it has settled after three.
   */
  static final int WARMUP_ROUNDS = 3;

  private final Spread turnsRatio = new Spread();
  private final Spread cpuRatio = new Spread();
  private final Spread p50Ratio = new Spread();
  private final Spread p99Ratio = new Spread();
  private final Target bridge = new Target();
  private final Target proxy = new Target();

  /** One side's absolute figures, a value per round. */
  private static final class Target {
    final Spread turnsPerSecond = new Spread();
    final Spread cpuMicrosPerTurn = new Spread();
    final Spread p50 = new Spread();
    final Spread p99 = new Spread();
    long peakRssMb;
    LoadGenerator load;
    long pid;
  }

  private ProxyComparison() {
  }

  static List<String> measure(Vertx tools, FakeModelServer model, Path dir) throws Exception {
    int port = FreePort.any();
    Path config = Benchmark.writeConfig(dir, port, model.baseUrl(), model.baseUrl());
    Path proxyConfig = Benchmark.writeConfig(dir, 0, model.baseUrl(), model.baseUrl());
    ProxyComparison comparison = new ProxyComparison();
    try (JarProcess jar = JarProcess.start(RunFlags.BRIDGE, Map.of(), "run", "--config", config.toString());
         ForkedProxy forked = ForkedProxy.start(RunFlags.JVM, proxyConfig)) {
      jar.awaitReady();
      comparison.bridge.pid = jar.pid();
      comparison.bridge.load = new LoadGenerator(tools, port, "/v1/responses", Benchmark.TOKEN,
          () -> Benchmark.BODY, IN_FLIGHT);
      comparison.proxy.pid = forked.pid();
      comparison.proxy.load = new LoadGenerator(tools, forked.port(), "/v1/responses", null, () -> Benchmark.BODY,
          IN_FLIGHT);
      comparison.run();
      jar.terminate();
    }
    return comparison.rows();
  }

  private void run() {
    // JIT warm-up of both, in the rounds' own shape, before anything counts.
    for (int round = 0; round < WARMUP_ROUNDS; round++) {
      for (Target target : List.of(bridge, proxy)) {
        target.load.closedLoop(IN_FLIGHT, SATURATED_MS).await();
        target.load.openLoop(FIXED_RATE, FIXED_RATE_MS).await();
      }
    }
    for (int round = 0; round < ROUNDS; round++) {
      measureRound(bridge);
      measureRound(proxy);
      int last = bridge.turnsPerSecond.size() - 1;
      turnsRatio.add(bridge.turnsPerSecond.get(last) / proxy.turnsPerSecond.get(last));
      cpuRatio.add(bridge.cpuMicrosPerTurn.get(last) / proxy.cpuMicrosPerTurn.get(last));
      p50Ratio.add(bridge.p50.get(last) / proxy.p50.get(last));
      p99Ratio.add(bridge.p99.get(last) / proxy.p99.get(last));
    }
    bridge.load.close().await();
    proxy.load.close().await();
  }

  private static void measureRound(Target target) {
    long cpuBefore = ProcessStats.cpuNanos(target.pid);
    Latencies saturated = target.load.closedLoop(IN_FLIGHT, SATURATED_MS).await();
    long cpuUsed = ProcessStats.cpuNanos(target.pid) - cpuBefore;
    target.peakRssMb = Math.max(target.peakRssMb, ProcessStats.rssMb(target.pid));
    target.turnsPerSecond.add(saturated.count() * 1000.0 / SATURATED_MS);
    target.cpuMicrosPerTurn.add(cpuUsed / 1000.0 / saturated.count());
    Latencies paced = target.load.openLoop(FIXED_RATE, FIXED_RATE_MS).await();
    target.p50.add(paced.percentileMs(50));
    target.p99.add(paced.percentileMs(99));
  }

  private List<String> rows() {
    String rounds = " (median of " + ROUNDS + " rounds, range)";
    List<String> rows = new ArrayList<>();
    rows.add(Benchmark.row("**Switchboard ÷ bare proxy**: turns/s, " + IN_FLIGHT + " in flight" + rounds,
        turnsRatio.format(ProxyComparison::ratio), "≥ 0.6"));
    rows.add(Benchmark.row("**Switchboard ÷ bare proxy**: CPU time per turn" + rounds,
        cpuRatio.format(ProxyComparison::ratio), "≤ 2"));
    rows.add(Benchmark.row("**Switchboard ÷ bare proxy**: latency p50 / p99 at " + FIXED_RATE + " turns/s" + rounds,
        p50Ratio.format(ProxyComparison::ratio) + " / " + p99Ratio.format(ProxyComparison::ratio), ""));
    rows.add(Benchmark.row("turns/s, " + IN_FLIGHT + " in flight: Switchboard / bare proxy",
        bridge.turnsPerSecond.format(v -> String.format("%,.0f", v)) + " / "
            + proxy.turnsPerSecond.format(v -> String.format("%,.0f", v)), ""));
    rows.add(Benchmark.row("CPU time per turn: Switchboard / bare proxy",
        bridge.cpuMicrosPerTurn.format(v -> String.format("%.0f µs", v)) + " / "
            + proxy.cpuMicrosPerTurn.format(v -> String.format("%.0f µs", v)), ""));
    rows.add(Benchmark.row("latency at " + FIXED_RATE + " turns/s, p50 / p99: Switchboard",
        bridge.p50.format(ProxyComparison::millis) + " / " + bridge.p99.format(ProxyComparison::millis), ""));
    rows.add(Benchmark.row("latency at " + FIXED_RATE + " turns/s, p50 / p99: bare proxy",
        proxy.p50.format(ProxyComparison::millis) + " / " + proxy.p99.format(ProxyComparison::millis), ""));
    rows.add(Benchmark.row("resident memory under load (" + IN_FLIGHT + " in flight): Switchboard / bare proxy",
        bridge.peakRssMb + " MB / " + proxy.peakRssMb + " MB", "≤ 250 MB"));
    rows.add(Benchmark.row("failed requests: Switchboard / bare proxy",
        bridge.load.failures() + " / " + proxy.load.failures(), "0"));
    return rows;
  }

  private static String ratio(double value) {
    return String.format("%.2f×", value);
  }

  private static String millis(double value) {
    return String.format("%.2f ms", value);
  }
}

package dev.switchboard.bench;

import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.it.JarProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * DESIGN.md §12/§15 for streamed turns: the bridge's added time to the first visible delta at 500
 * streams/s (the first {@code response.output_text.delta} through the bridge, minus the same from
 * the fake model streamed directly), and streamed turns per second. The fake model streams its
 * answer in twenty pieces after a reasoning item.
 */
final class StreamingLoad {

  static final Buffer BODY = new JsonObject().put("model", "switchboard").put("input", "Hello, how are you?")
      .put("stream", true).toBuffer();
  private static final String FIRST_DELTA = "response.output_text.delta";

  private StreamingLoad() {
  }

  static List<String> measure(Vertx tools, FakeModelServer model, int port, Path dir) throws Exception {
    List<String> pieces = new ArrayList<>(Collections.nCopies(20, "word "));
    model.always(FakeModelBehaviour.replyInPieces(pieces));
    List<String> rows = new ArrayList<>();
    Path config = Benchmark.writeConfig(dir, port, model.baseUrl(), model.baseUrl());
    try (JarProcess bridge = JarProcess.start(RunFlags.BRIDGE, Map.of(), "run", "--config", config.toString())) {
      bridge.awaitReady();
      LoadGenerator viaBridge = new LoadGenerator(tools, port, "/v1/responses", Benchmark.TOKEN, () -> BODY, 64)
          .measuringUntil(FIRST_DELTA);
      LoadGenerator direct = new LoadGenerator(tools, model.port(), "/v1/responses", null, () -> BODY, 64)
          .measuringUntil(FIRST_DELTA);
      viaBridge.closedLoop(64, Benchmark.WARMUP_MS).await();
      direct.closedLoop(64, Benchmark.WARMUP_MS / 5).await();
      Latencies saturated = viaBridge.closedLoop(64, Benchmark.RUN_MS).await();
      rows.add(Benchmark.row("streamed turns/s through POST /v1/responses, stream: true (64 in flight)",
          String.format("%,.0f", saturated.count() * 1000.0 / Benchmark.RUN_MS), ""));
      Latencies bridged = viaBridge.openLoop(500, Benchmark.RUN_MS).await();
      Latencies baseline = direct.openLoop(500, Benchmark.RUN_MS).await();
      rows.add(Benchmark.row("streamed: bridge's added time to the first visible delta at 500 streams/s, p50",
          String.format("%.3f ms", bridged.percentileMs(50) - baseline.percentileMs(50)), "≤ 1 ms"));
      rows.add(Benchmark.row("streamed: bridge's added time to the first visible delta at 500 streams/s, p99",
          String.format("%.3f ms", bridged.percentileMs(99) - baseline.percentileMs(99)), "≤ 5 ms"));
      rows.add(Benchmark.row("  first delta through the bridge", bridged.summary(), ""));
      rows.add(Benchmark.row("  first delta directly from the fake model", baseline.summary(), ""));
      // Last: the fake model at full speed leaves the load generator's heap to collect, which would
      // otherwise land in the latency runs above.
      Latencies saturatedDirect = direct.closedLoop(64, Benchmark.RUN_MS).await();
      rows.add(Benchmark.row("  streamed turns/s from the same fake model directly (64 in flight)",
          String.format("%,.0f", saturatedDirect.count() * 1000.0 / Benchmark.RUN_MS), ""));
      rows.add(Benchmark.row("failed streams", String.valueOf(viaBridge.failures() + direct.failures()), "0"));
      viaBridge.close().await();
      direct.close().await();
      bridge.terminate();
    } finally {
      model.always(Benchmark.instant());
    }
    return rows;
  }
}

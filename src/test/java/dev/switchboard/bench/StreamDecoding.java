package dev.switchboard.bench;

import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.model.StreamDecodeLoop;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * What decoding a streamed answer costs the bridge, apart from the network and the event loops: the
 * fake model's default {@code /v1/responses} stream through the bridge's decoder, in rounds in this
 * JVM; the first rounds warm the JIT compiler and are not counted.
 */
final class StreamDecoding {

  static final int WARMUP_ROUNDS = 5;
  static final int ROUNDS = 10;
  static final int STREAMS_PER_ROUND = 100_000;
  /** The stream as three network reads, so that lines cut across reads are part of the work. */
  static final int CHUNKS = 3;

  private StreamDecoding() {
  }

  static List<String> measure() {
    Buffer stream = FakeModelServer.defaultResponsesStream();
    for (int round = 0; round < WARMUP_ROUNDS; round++) {
      StreamDecodeLoop.nanosPerStream(stream, CHUNKS, STREAMS_PER_ROUND);
    }
    Spread micros = new Spread();
    for (int round = 0; round < ROUNDS; round++) {
      micros.add(StreamDecodeLoop.nanosPerStream(stream, CHUNKS, STREAMS_PER_ROUND) / 1_000);
    }
    return List.of(Benchmark.row("decoding the fake model's streamed answer (" + stream.length() + " bytes, "
        + CHUNKS + " reads) in the bridge's decoder: µs per stream (median of " + ROUNDS + " rounds, range)",
        micros.format(value -> String.format("%.1f µs", value)), ""));
  }
}

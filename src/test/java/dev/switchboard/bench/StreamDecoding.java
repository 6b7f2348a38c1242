package dev.switchboard.bench;

import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.model.StreamDecodeLoop;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * What decoding a streamed answer costs the bridge, apart from the network and the event loops: the
 * fake model's default {@code /v1/responses} stream, and a long one shaped like a reasoning model's,
 * through the bridge's decoder, in rounds in this JVM; the first rounds warm the JIT compiler and are
 * not counted.
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
    Buffer fake = FakeModelServer.defaultResponsesStream();
    Buffer longAnswer = longAnswer(200, 300, 10_000);
    return List.of(row("the fake model's streamed answer", fake, STREAMS_PER_ROUND),
        row("a long answer shaped like a reasoning model's (200 reasoning and 300 text deltas, 10 KB of encrypted"
            + " reasoning in the terminal event)", longAnswer, STREAMS_PER_ROUND / 20));
  }

  private static String row(String what, Buffer stream, int streams) {
    for (int round = 0; round < WARMUP_ROUNDS; round++) {
      StreamDecodeLoop.nanosPerStream(stream, CHUNKS, streams);
    }
    Spread micros = new Spread();
    for (int round = 0; round < ROUNDS; round++) {
      micros.add(StreamDecodeLoop.nanosPerStream(stream, CHUNKS, streams) / 1_000);
    }
    return Benchmark.row("decoding " + what + " (" + stream.length() + " bytes, " + CHUNKS
        + " reads) in the bridge's decoder: µs per stream (median of " + ROUNDS + " rounds, range)",
        micros.format(value -> String.format("%.1f µs", value)), "");
  }

  /**
   * A Responses stream as a reasoning model writes it: its reasoning and its answer a few characters
   * per event, then the terminal event repeating both with the reasoning's encrypted content.
   */
  static Buffer longAnswer(int reasoningDeltas, int textDeltas, int encryptedChars) {
    StringBuilder stream = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    StringBuilder text = new StringBuilder();
    event(stream, "response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\","
        + "\"status\":\"in_progress\",\"output\":[]}}");
    event(stream, "response.output_item.added", "{\"type\":\"response.output_item.added\",\"item\":"
        + "{\"type\":\"reasoning\",\"id\":\"rs_1\"}}");
    for (int i = 0; i < reasoningDeltas; i++) {
      String piece = "step " + i + " ";
      reasoning.append(piece);
      event(stream, "response.reasoning_text.delta", "{\"type\":\"response.reasoning_text.delta\",\"sequence_number\":"
          + i + ",\"item_id\":\"rs_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + piece + "\"}");
    }
    event(stream, "response.output_item.added", "{\"type\":\"response.output_item.added\",\"item\":"
        + "{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}");
    for (int i = 0; i < textDeltas; i++) {
      String piece = "word" + i + " ";
      text.append(piece);
      event(stream, "response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
          + (reasoningDeltas + i) + ",\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,\"delta\":\""
          + piece + "\",\"logprobs\":[]}");
    }
    event(stream, "response.completed", "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\","
        + "\"status\":\"completed\",\"output\":[{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[],"
        + "\"content\":[{\"type\":\"reasoning_text\",\"text\":\"" + reasoning + "\"}],\"encrypted_content\":\""
        + "x".repeat(encryptedChars) + "\"},{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\","
        + "\"status\":\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + text + "\","
        + "\"annotations\":[],\"logprobs\":[]}]}],\"usage\":{\"input_tokens\":10,\"output_tokens\":"
        + (reasoningDeltas + textDeltas) + "}}}");
    return Buffer.buffer(stream.toString());
  }

  private static void event(StringBuilder stream, String name, String data) {
    stream.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
  }
}

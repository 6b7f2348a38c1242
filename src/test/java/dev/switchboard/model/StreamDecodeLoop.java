package dev.switchboard.model;

import dev.switchboard.config.ReasoningTags;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's {@code decode} part: a model's event stream through the decoder a streamed
 * Responses call uses (lines, events, JSON, the visible text), in this thread, with no network and
 * no event loop, so that a change to the decoder shows in its own figure.
 */
public final class StreamDecodeLoop {

  private StreamDecodeLoop() {
  }

  /** Nanoseconds per stream over {@code streams} decodes of {@code body} cut into {@code chunks} pieces. */
  public static double nanosPerStream(Buffer body, int chunks, int streams) {
    List<Buffer> pieces = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      pieces.add(body.getBuffer(i * body.length() / chunks, (i + 1) * body.length() / chunks));
    }
    long textLength = 0;
    long started = System.nanoTime();
    for (int i = 0; i < streams; i++) {
      EventStreamBody<BackendText> decoding = new EventStreamBody<>(
          new ResponsesStream(new VisibleReply(ReasoningTags.PAIRED, text -> { })), SseDecoder.DEFAULT_MAX_LINE_BYTES);
      for (Buffer piece : pieces) {
        decoding.take(piece);
      }
      textLength += decoding.end().text().length();
    }
    double nanos = (System.nanoTime() - started) / (double) streams;
    if (textLength == 0) {
      throw new IllegalStateException("the stream decoded to no text");
    }
    return nanos;
  }
}

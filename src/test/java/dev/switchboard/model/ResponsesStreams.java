package dev.switchboard.model;

import dev.switchboard.config.ReasoningTags;
import io.vertx.core.buffer.Buffer;

/** A whole Responses event stream through the decoder a streamed call uses, in one read. */
final class ResponsesStreams {

  private ResponsesStreams() {
  }

  static BackendText decode(String stream) {
    EventStreamBody<BackendText> body = new EventStreamBody<>(
        new ResponsesStream(new VisibleReply(ReasoningTags.PAIRED, text -> { })), SseDecoder.DEFAULT_MAX_LINE_BYTES);
    body.take(Buffer.buffer(stream));
    return body.end();
  }

  /** The same stream without its {@code event:} lines: each event's type is then read from its data. */
  static String unnamed(String stream) {
    return stream.replaceAll("(?m)^event: .*\n", "");
  }
}

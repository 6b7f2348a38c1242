package dev.switchboard.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/** How an exchange consumes a 2xx body: all at once (buffered) or event by event (streamed). */
interface SuccessBody<T> {

  /** Takes one chunk; says whether it carried a generated token or completed the result. */
  StreamDecoder.Progress take(Buffer chunk);

  /** The result when the body ended or {@link StreamDecoder.Progress#DONE} was returned. */
  T end();

  /** The whole body, a JSON object handed to {@code parser}; its first byte counts as the first token. */
  static <T> SuccessBody<T> buffered(int maxBytes, Function<JsonObject, T> parser) {
    Buffer body = Buffer.buffer();
    return new SuccessBody<>() {
      @Override
      public StreamDecoder.Progress take(Buffer chunk) {
        if (body.length() + chunk.length() > maxBytes) {
          throw new ModelException(ModelErrorClass.MALFORMED, "response body larger than " + maxBytes + " bytes");
        }
        body.appendBuffer(chunk);
        return StreamDecoder.Progress.TOKEN;
      }

      @Override
      public T end() {
        return parser.apply(body.toJsonObject());
      }
    };
  }

  /** Server-sent events handed to {@code decoder}, at most {@code maxBytes} of them in all. */
  static <T> SuccessBody<T> eventStream(StreamDecoder<T> decoder, int maxBytes) {
    return new EventStreamBody<>(decoder, maxBytes);
  }
}

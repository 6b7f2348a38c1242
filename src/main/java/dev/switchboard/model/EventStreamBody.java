package dev.switchboard.model;

import io.vertx.core.buffer.Buffer;

/**
 * A {@code text/event-stream} body: chunks are split into events for a {@link StreamDecoder}.
 * A failure raised while decoding is kept and rethrown once the chunk has been parsed, so that it
 * never unwinds through the line parser.
 */
final class EventStreamBody<T> implements SuccessBody<T> {

  private final StreamDecoder<T> decoder;
  private final SseDecoder events = new SseDecoder(this::onEvent);
  private StreamDecoder.Progress chunkProgress = StreamDecoder.Progress.NOTHING;
  private RuntimeException failure;

  EventStreamBody(StreamDecoder<T> decoder) {
    this.decoder = decoder;
  }

  @Override
  public StreamDecoder.Progress take(Buffer chunk) {
    chunkProgress = StreamDecoder.Progress.NOTHING;
    events.handle(chunk);
    if (failure != null) {
      throw failure;
    }
    decoder.chunkEnded();
    return chunkProgress;
  }

  @Override
  public T end() {
    return decoder.finish();
  }

  private void onEvent(SseEvent event) {
    if (failure != null || chunkProgress == StreamDecoder.Progress.DONE) {
      return;
    }
    try {
      StreamDecoder.Progress progress = decoder.accept(event);
      if (progress.compareTo(chunkProgress) > 0) {
        chunkProgress = progress;
      }
    } catch (RuntimeException e) {
      failure = e;
    }
  }
}

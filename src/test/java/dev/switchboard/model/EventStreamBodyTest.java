package dev.switchboard.model;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A streamed reply is bounded: past the limit the stream fails as malformed, whatever its shape. */
class EventStreamBodyTest {

  /** Concatenates the data of the events, as the adapters' decoders collect text. */
  private static final class Collected implements StreamDecoder<String> {
    private final StringBuilder text = new StringBuilder();

    @Override
    public Progress accept(SseEvent event) {
      text.append(event.data());
      return Progress.TOKEN;
    }

    @Override
    public String finish() {
      return text.toString();
    }
  }

  @Test
  void aStreamWithinTheLimitIsDecoded() {
    EventStreamBody<String> body = new EventStreamBody<>(new Collected(), 64);
    body.take(Buffer.buffer("data: hello\n\n"));
    body.take(Buffer.buffer("data: world\n\n"));

    assertEquals("helloworld", body.end());
  }

  @Test
  void aStreamPastTheLimitFailsAsMalformed() {
    EventStreamBody<String> body = new EventStreamBody<>(new Collected(), 64);
    body.take(Buffer.buffer("data: " + "x".repeat(40) + "\n\n"));

    ModelException failure = assertThrows(ModelException.class,
        () -> body.take(Buffer.buffer("data: " + "y".repeat(40) + "\n\n")));
    assertEquals(ModelErrorClass.MALFORMED, failure.errorClass());
    assertTrue(failure.getMessage().contains("longer than 64 bytes"), failure.getMessage());
  }

  @Test
  void aLineThatNeverEndsIsBoundedToo() {
    EventStreamBody<String> body = new EventStreamBody<>(new Collected(), 1024);

    assertThrows(ModelException.class, () -> {
      for (int i = 0; i < 100; i++) {
        body.take(Buffer.buffer("z".repeat(100)));
      }
    });
  }
}

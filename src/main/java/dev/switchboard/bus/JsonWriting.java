package dev.switchboard.bus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;

import java.io.IOException;

/**
 * JSON written straight from the values with Jackson's generator, for what the bridge writes on every
 * turn (a model request, a {@code /v1} answer and its events). Built as {@code JsonObject}s first and
 * then encoded, a non-streamed answer's ~30 fields took 8.5 % of the event loops' time under load,
 * 3 % written this way (DESIGN §12).
 */
public final class JsonWriting {

  private static final JsonFactory FACTORY = new JsonFactory();

  /** Writes one JSON value. */
  @FunctionalInterface
  public interface Value {

    void write(JsonGenerator json) throws IOException;
  }

  private JsonWriting() {
  }

  /** The field {@code name} with an empty array, as the API's fixed fields often are. */
  public static void emptyArray(JsonGenerator json, String name) throws IOException {
    json.writeArrayFieldStart(name);
    json.writeEndArray();
  }

  /** {@code value} as UTF-8 bytes, for a response body. */
  public static Buffer bytes(Value value) {
    ByteArrayBuilder out = new ByteArrayBuilder((BufferRecycler) null, 512);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      value.write(json);
    } catch (IOException e) {
      throw new EncodeException(e.getMessage());
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** {@code value} as text, for an event stream's {@code data:} line. */
  public static String text(Value value) {
    SegmentedStringWriter out = new SegmentedStringWriter(null);
    try {
      try (JsonGenerator json = FACTORY.createGenerator(out)) {
        value.write(json);
      }
      return out.getAndClear();
    } catch (IOException e) {
      throw new EncodeException(e.getMessage());
    }
  }
}

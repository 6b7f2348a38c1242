package dev.switchboard.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;

/**
 * One object field of a streamed event's JSON, read as the event streams by: the other fields, and
 * whatever the object holds that its reader does not want, are skipped undecoded.
 */
final class EventField {

  /** Reads the field's object, its opening brace just read, up to its closing one. */
  @FunctionalInterface
  interface ObjectReader<T> {

    T read(JsonParser parser) throws IOException;
  }

  private EventField() {
  }

  /** The top-level field {@code name} of {@code data}, read by {@code reader}; {@code absent} when it is not an object. */
  static <T> T read(String data, String name, ObjectReader<T> reader, T absent) {
    try (JsonParser parser = JacksonCodec.createParser(data)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new DecodeException("Failed to decode: expected an event object but found " + first);
      }
      T found = absent;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        if (parser.nextToken() == JsonToken.START_OBJECT && name.equals(field)) {
          found = reader.read(parser);
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new DecodeException("Failed to decode: data after the event object");
      }
      return found;
    } catch (IOException e) {
      throw new DecodeException("Failed to decode: " + e.getMessage(), e);
    }
  }
}

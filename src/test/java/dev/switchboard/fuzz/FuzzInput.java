package dev.switchboard.fuzz;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/** Turns a fuzzer's bytes into what the HTTP handlers hand their parsers: a JSON object, when the bytes are one. */
public final class FuzzInput {

  private FuzzInput() {
  }

  /** The body as a JSON object, or empty when the handlers would refuse it before parsing (400 or a dropped ack). */
  public static Optional<JsonObject> jsonObject(byte[] body) {
    try {
      Object value = body.length == 0 ? null : Buffer.buffer(body).toJsonValue();
      return value instanceof JsonObject object ? Optional.of(object) : Optional.empty();
    } catch (DecodeException notJson) {
      return Optional.empty();
    }
  }
}

package dev.switchboard.channel.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The JSON object a request to the API carries; an empty body, invalid JSON and JSON that is not an object are told apart. */
final class RequestJson {

  private RequestJson() {
  }

  /** A body the API cannot use, with the reason the caller is told. */
  static final class Unusable extends RuntimeException {

    Unusable(String reason) {
      super(reason, null, false, false);
    }
  }

  static JsonObject object(Buffer raw) {
    if (raw == null || raw.length() == 0) {
      throw new Unusable("the body must be a JSON object, and it is empty");
    }
    Object value;
    try {
      value = Json.decodeValue(raw);
    } catch (DecodeException e) {
      throw new Unusable("the body is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw new Unusable("the body must be a JSON object, not " + (value instanceof JsonArray ? "an array"
          : value instanceof String ? "a string" : value instanceof Number ? "a number"
          : value instanceof Boolean ? "a boolean" : "null"));
    }
    return object;
  }
}

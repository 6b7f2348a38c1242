package dev.switchboard.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;

/**
 * A {@code response.output_text.delta} event's two fields that matter, read as the text streams by:
 * a model streams its answer as one such event per token or so, hundreds per answer, and parsing each
 * whole built a map of fields (indexes, sequence number, log probabilities) for two strings.
 *
 * @param itemId the output item the text belongs to, or null
 * @param delta  the text, "" when absent or not a string (a null is no text, not "null")
 */
record TextDelta(String itemId, String delta) {

  /** The same fields of an event already parsed whole (one that named no type). */
  static TextDelta from(JsonObject event) {
    Object delta = event.getValue("delta");
    return new TextDelta(event.getString("item_id"), delta instanceof String text ? text : "");
  }

  static TextDelta read(String data) {
    try (JsonParser parser = JacksonCodec.createParser(data)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeException("Failed to decode: a text delta that is not an object");
      }
      String itemId = null;
      String delta = "";
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("item_id".equals(field) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          // As JsonObject#getString reads it: a number is its text.
          itemId = parser.getText();
        } else if ("delta".equals(field) && value == JsonToken.VALUE_STRING) {
          delta = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      return new TextDelta(itemId, delta);
    } catch (IOException e) {
      throw new DecodeException("Failed to decode: " + e.getMessage(), e);
    }
  }
}

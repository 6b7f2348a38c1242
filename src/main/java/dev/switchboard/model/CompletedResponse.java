package dev.switchboard.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;

/**
 * What the answer needs of a terminal Responses event ({@code response.completed} or
 * {@code response.incomplete}), read as the text streams by rather than parsed whole: the
 * {@code message} items of {@code response.output} and {@code response.usage}. The event repeats the
 * whole response, reasoning items (summaries, reasoning text, encrypted content) included, and was
 * most of what decoding a streamed answer cost; those items are skipped over, never turned into
 * objects or strings.
 *
 * @param messages the {@code message} items of {@code output}, as {@link ResponsesClient#outputText}
 *                 reads them; null when the response has no {@code output} array
 * @param usage    {@code usage}, or null
 */
record CompletedResponse(JsonArray messages, JsonObject usage) {

  /** The same parts of a response already parsed whole (an event that named no type); null for null. */
  static CompletedResponse from(JsonObject response) {
    return response == null ? null : new CompletedResponse(
        response.getValue("output") instanceof JsonArray output ? output : null, response.getJsonObject("usage"));
  }

  /** Null when the event has no {@code response} object. */
  static CompletedResponse read(String data) {
    return EventField.read(data, "response", CompletedResponse::response, null);
  }

  private static CompletedResponse response(JsonParser parser) throws IOException {
    JsonArray messages = null;
    JsonObject usage = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("output".equals(field) && value == JsonToken.START_ARRAY) {
        messages = messages(parser);
      } else if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
        usage = new JsonObject(JacksonCodec.parseObject(parser));
      } else {
        parser.skipChildren();
      }
    }
    return new CompletedResponse(messages, usage);
  }

  private static JsonArray messages(JsonParser parser) throws IOException {
    JsonArray messages = new JsonArray();
    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
      if (item == JsonToken.START_OBJECT) {
        JsonObject message = messageOrNull(parser);
        if (message != null) {
          messages.add(message);
        }
      } else {
        parser.skipChildren();
      }
    }
    return messages;
  }

  /**
   * The item's {@code type} and {@code content} if it is a message. Servers write {@code type}
   * first, so the content of other items is skipped; a content met before the type is kept until the
   * type says whether it was wanted.
   */
  private static JsonObject messageOrNull(JsonParser parser) throws IOException {
    String type = null;
    Object content = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
        type = parser.getText();
      } else if ("content".equals(field) && (type == null || "message".equals(type))) {
        content = JacksonCodec.parseValue(parser);
      } else {
        parser.skipChildren();
      }
    }
    return "message".equals(type) ? new JsonObject().put("type", type).put("content", content) : null;
  }
}

package dev.switchboard.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * A {@code response.output_item.added} event's item: its type and id, read as the event streams by. A
 * reasoning item arrives with its summary and text, which the bridge never keeps, so they are skipped
 * undecoded rather than built into maps.
 *
 * @param type the item's type ({@code message}, {@code reasoning}, …), or null
 * @param id   the item's id, or null
 */
record AddedItem(String type, String id) {

  private static final AddedItem NONE = new AddedItem(null, null);

  /** The same of an event already parsed whole (one that named no type). */
  static AddedItem from(JsonObject event) {
    return event.getValue("item") instanceof JsonObject item
        ? new AddedItem(item.getString("type"), item.getString("id")) : NONE;
  }

  /** Whether the item is not the answer's message: text deltas of it are not the answer. */
  boolean isOtherThanMessage() {
    return !"message".equals(type) && id != null;
  }

  static AddedItem read(String data) {
    return EventField.read(data, "item", AddedItem::item, NONE);
  }

  private static AddedItem item(JsonParser parser) throws IOException {
    String type = null;
    String id = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      // As JsonObject#getString reads them: a scalar is its text, null stays null.
      if ("type".equals(field) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
        type = parser.getText();
      } else if ("id".equals(field) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
        id = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return new AddedItem(type, id);
  }
}

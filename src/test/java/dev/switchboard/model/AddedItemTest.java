package dev.switchboard.model;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An added output item read as it streams by gives what parsing the event whole gives. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AddedItemTest {

  private static final List<String> EVENTS = List.of(
      "{\"type\":\"response.output_item.added\",\"sequence_number\":2,\"output_index\":1,"
          + "\"item\":{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}",
      // a reasoning item with look-alike keys deeper down, its id after them
      "{\"type\":\"response.output_item.added\",\"item\":{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
          + "\"id\":\"NOT THIS\",\"text\":\"think\"}],\"content\":[{\"type\":\"reasoning_text\",\"text\":\"more\"}],"
          + "\"encrypted_content\":\"abc\",\"id\":\"rs_1\"},\"output_index\":0}",
      // the item first; no id; an id that is a number; nulls; no item; an item that is not an object
      "{\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\"},\"type\":\"response.output_item.added\"}",
      "{\"type\":\"response.output_item.added\",\"item\":{\"type\":\"reasoning\"}}",
      "{\"type\":\"response.output_item.added\",\"item\":{\"type\":\"reasoning\",\"id\":42}}",
      "{\"type\":\"response.output_item.added\",\"item\":{\"type\":null,\"id\":null}}",
      "{\"type\":\"response.output_item.added\"}",
      "{\"type\":\"response.output_item.added\",\"item\":\"rs_1\"}");

  @Test
  void givesWhatParsingTheWholeEventGives() {
    for (String event : EVENTS) {
      assertEquals(AddedItem.from(new JsonObject(event)), AddedItem.read(event), event);
    }
    assertEquals(new AddedItem("reasoning", "rs_1"), AddedItem.read(EVENTS.get(1)));
    assertEquals(new AddedItem("reasoning", "42"), AddedItem.read(EVENTS.get(4)));
  }

  @Test
  void onlyAnItemWithAnIdThatIsNotAMessageMarksDeltasAsNotTheAnswer() {
    assertFalse(AddedItem.read(EVENTS.get(0)).isOtherThanMessage());
    assertTrue(AddedItem.read(EVENTS.get(1)).isOtherThanMessage());
    assertFalse(AddedItem.read(EVENTS.get(3)).isOtherThanMessage(), "no id, nothing to mark");
  }

  @Test
  void aBrokenEventIsInvalidJson() {
    assertThrows(DecodeException.class, () -> AddedItem.read(EVENTS.get(1).substring(0, 60)));
    assertThrows(DecodeException.class, () -> AddedItem.read("[1]"));
    assertThrows(DecodeException.class, () -> AddedItem.read(EVENTS.get(0) + " {}"), "data after the event object");
  }
}

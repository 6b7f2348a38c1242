package dev.switchboard.model;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A text delta read as it streams by gives what parsing it whole gives. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TextDeltaTest {

  private static final List<String> DELTAS = List.of(
      "{\"type\":\"response.output_text.delta\",\"sequence_number\":8,\"item_id\":\"msg_1\",\"output_index\":1,"
          + "\"content_index\":0,\"delta\":\"Hello\",\"logprobs\":[]}",
      // log probabilities before the text, the item last, escapes in the text
      "{\"logprobs\":[{\"token\":\"x\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"y\",\"bytes\":[1,2]}]}],"
          + "\"delta\":\"caff\\u00e8 \\\"\\u2615\\\" \\ud83d\\ude00\\n\",\"type\":\"response.output_text.delta\","
          + "\"item_id\":\"msg_2\"}",
      // look-alike keys deeper down
      "{\"type\":\"response.output_text.delta\",\"obfuscation\":{\"delta\":\"NOT THIS\",\"item_id\":\"no\"},"
          + "\"item_id\":\"msg_3\",\"delta\":\"this\"}",
      // no text, no item; a null text, a number for the item; text that is not a string
      "{\"type\":\"response.output_text.delta\",\"sequence_number\":3}",
      "{\"type\":\"response.output_text.delta\",\"item_id\":7,\"delta\":null}",
      "{\"type\":\"response.output_text.delta\",\"item_id\":null,\"delta\":{\"text\":\"x\"}}");

  @Test
  void givesWhatParsingTheWholeEventGives() {
    for (String delta : DELTAS) {
      assertEquals(TextDelta.from(new JsonObject(delta)), TextDelta.read(delta), delta);
    }
    assertEquals(new TextDelta("msg_2", "caffè \"☕\" 😀\n"), TextDelta.read(DELTAS.get(1)));
    assertEquals(new TextDelta("7", ""), TextDelta.read(DELTAS.get(4)));
  }

  @Test
  void aBrokenDeltaIsInvalidJson() {
    assertThrows(DecodeException.class, () -> TextDelta.read(DELTAS.get(0).substring(0, 40)));
    assertThrows(DecodeException.class, () -> TextDelta.read("\"Hello\""));
  }

  /**
   * An answer told only by its deltas (the terminal event has no output): the message's pieces are the
   * answer, the deltas of another item are not, named events or not.
   */
  @Test
  void theDeltasOfTheMessageAreTheAnswerWithOrWithoutEventNames() {
    List<String> events = new ArrayList<>();
    events.add(event("response.output_item.added",
        "{\"type\":\"response.output_item.added\",\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\"}}"));
    events.add(event("response.output_text.delta",
        "{\"type\":\"response.output_text.delta\",\"item_id\":\"fc_1\",\"delta\":\"NOT THE ANSWER\"}"));
    for (String piece : List.of("We open ", "at nine ", "on Sundays.")) {
      events.add(event("response.output_text.delta",
          "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"delta\":\"" + piece + "\"}"));
    }
    events.add(event("response.completed", "{\"type\":\"response.completed\",\"response\":{\"usage\":"
        + "{\"input_tokens\":5,\"output_tokens\":6}}}"));
    String named = String.join("", events);
    BackendText fromNamed = ResponsesStreams.decode(named);
    assertEquals("We open at nine on Sundays.", fromNamed.text());
    assertEquals(fromNamed, ResponsesStreams.decode(ResponsesStreams.unnamed(named)));
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

}

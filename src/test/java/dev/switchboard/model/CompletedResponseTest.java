package dev.switchboard.model;

import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A terminal Responses event read as it streams by gives the answer and usage that parsing it whole
 * gives, whatever the order of its fields, and keeps nothing of the reasoning.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CompletedResponseTest {

  private static final String REASONING = "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\","
      + "\"text\":\"SECRET plan\"}],\"content\":[{\"type\":\"reasoning_text\",\"text\":\"SECRET thought\"}],"
      + "\"encrypted_content\":\"SECRET blob\"}";

  /** Terminal events as servers write them, and in orders they may. */
  private static final List<String> EVENTS = List.of(
      completed("{\"id\":\"r\",\"status\":\"completed\",\"output\":[" + REASONING + ",{\"type\":\"message\",\"id\":\"m\","
          + "\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\",\"annotations\":[]}]}],"
          + "\"usage\":{\"input_tokens\":12,\"output_tokens\":7,\"total_tokens\":19}}"),
      // usage first, content before type, a second message, string content
      completed("{\"usage\":{\"output_tokens\":3,\"input_tokens\":4},\"output\":[{\"content\":[{\"text\":\"One \","
          + "\"type\":\"output_text\"}],\"type\":\"message\"},{\"type\":\"message\",\"content\":\"two\"}]}"),
      // a reasoning item whose content comes before its type
      completed("{\"output\":[{\"content\":[{\"type\":\"reasoning_text\",\"text\":\"SECRET\"}],\"type\":\"reasoning\"},"
          + "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"ok\"}]}]}"),
      // a refusal only
      completed("{\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\"}]}]}"),
      // keys named like the ones read, deeper down, are not them
      completed("{\"metadata\":{\"output\":[{\"type\":\"message\",\"content\":\"NOT THIS\"}],\"usage\":{\"input_tokens\":99}},"
          + "\"tools\":[{\"response\":{\"output\":[]}}],\"output\":[{\"type\":\"message\",\"content\":\"this\"}]}"),
      // no output, an output that is not an array, no usage
      completed("{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}}"),
      completed("{\"output\":null,\"usage\":null}"),
      completed("{\"output\":[1,\"x\",null,[],{\"type\":\"message\"}]}"),
      "{\"type\":\"response.completed\",\"response\":null}",
      "{\"type\":\"response.completed\",\"sequence_number\":9}");

  @Test
  void givesWhatParsingTheWholeEventGives() {
    for (String event : EVENTS) {
      assertEquals(answer(CompletedResponse.from(new JsonObject(event).getJsonObject("response"))),
          answer(CompletedResponse.read(event)), event);
    }
  }

  @Test
  void keepsTheMessageItemsOnlyAndNothingOfTheReasoning() {
    CompletedResponse read = CompletedResponse.read(EVENTS.get(0));
    assertEquals("Hello", ResponsesClient.outputText(read.messages()));
    assertEquals(12, read.usage().getLong("input_tokens"));
    assertFalse(read.messages().encode().contains("SECRET"), read.messages().encode());
    assertFalse(CompletedResponse.read(EVENTS.get(2)).messages().encode().contains("SECRET"));
  }

  @Test
  void anEventWithoutAResponseHasNone() {
    assertNull(CompletedResponse.read(EVENTS.get(8)));
    assertNull(CompletedResponse.read(EVENTS.get(9)));
  }

  @Test
  void aBrokenEventIsInvalidJson() {
    String whole = EVENTS.get(0);
    assertThrows(DecodeException.class, () -> CompletedResponse.read(whole.substring(0, whole.length() / 2)));
    assertThrows(DecodeException.class, () -> CompletedResponse.read("[]"));
    assertThrows(DecodeException.class, () -> CompletedResponse.read(""));
  }

  /** The fake model's stream decodes to the same answer whether its events are named or not. */
  @Test
  void theStreamGivesTheSameAnswerWithOrWithoutEventNames() {
    String named = FakeModelServer.defaultResponsesStream().toString();
    BackendText fromNamed = ResponsesStreams.decode(named);
    assertEquals("Hello from the fake model.", fromNamed.text());
    assertEquals(fromNamed, ResponsesStreams.decode(ResponsesStreams.unnamed(named)));
  }

  private static String completed(String response) {
    return "{\"type\":\"response.completed\",\"sequence_number\":7,\"response\":" + response + "}";
  }

  /** What the answer takes of it: the output's text (null: no output array) and the usage. */
  private static List<Object> answer(CompletedResponse response) {
    if (response == null) {
      return null;
    }
    return java.util.Arrays.asList(response.messages() == null ? null : ResponsesClient.outputText(response.messages()),
        ResponsesClient.usage(response.usage()));
  }
}

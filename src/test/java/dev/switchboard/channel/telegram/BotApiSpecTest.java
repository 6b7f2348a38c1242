package dev.switchboard.channel.telegram;

import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The conformance checker itself catches what it must, so that its silence means something. */
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class BotApiSpecTest {

  @Test
  void aConformingSendMessageBodyPasses() {
    BotApiSpec spec = BotApiSpec.loadOrSkip();
    JsonObject body = new OutgoingText(-100L, 7L, "<b>hi</b>", OutgoingText.HTML, 42L).toJson();
    assertEquals(List.of(), spec.violationsOfMethod("sendMessage", body));
  }

  @Test
  void unknownFieldsMissingRequiredOnesAndWrongTypesAreReported() {
    BotApiSpec spec = BotApiSpec.loadOrSkip();
    JsonObject body = new JsonObject().put("chat_id", 1).put("message_thread_id", "7").put("threadId", 7);
    assertEquals(List.of("sendMessage.threadId: not a field of the Bot API",
        "sendMessage.message_thread_id: expected Integer, got 7", "sendMessage.text: required"), spec.violationsOfMethod("sendMessage", body));
  }

  @Test
  void nestedObjectsAreCheckedAgainstTheirType() {
    BotApiSpec spec = BotApiSpec.loadOrSkip();
    JsonObject body = new JsonObject().put("chat_id", 1).put("text", "x")
        .put("reply_parameters", new JsonObject().put("message_id", 5).put("allow_sending_without_reply", "yes"));
    assertEquals(1, spec.violationsOfMethod("sendMessage", body).size());
  }
}

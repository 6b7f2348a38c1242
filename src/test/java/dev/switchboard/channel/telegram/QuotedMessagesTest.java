package dev.switchboard.channel.telegram;

import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class QuotedMessagesTest {

  @Test
  void aReplyQuotesItsQuestionOnce() {
    QuotedMessages quoted = new QuotedMessages(10);
    quoted.remember("telegram:1", 42);
    assertEquals(42L, quoted.take("telegram:1"));
    assertNull(quoted.take("telegram:1"));
  }

  @Test
  void theOldestQuestionsAreForgottenPastCapacity() {
    QuotedMessages quoted = new QuotedMessages(2);
    quoted.remember("telegram:1", 1);
    quoted.remember("telegram:2", 2);
    quoted.remember("telegram:3", 3);
    assertNull(quoted.take("telegram:1"));
    assertEquals(3L, quoted.take("telegram:3"));
  }
}

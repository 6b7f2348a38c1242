package dev.switchboard.channel.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.fuzz.FuzzInput;

/**
 * Any body a client POSTs to {@code /v1/responses} or {@code /v1/chat/completions}: read into a
 * conversation, or refused with an {@link ApiError} (a 4xx in OpenAI's shape); never another exception.
 */
class RequestWireFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void anyBodyIsReadOrRefusedWithA4xx(byte[] body) {
    FuzzInput.jsonObject(body).ifPresent(json -> {
      for (int i = 0; i < 2; i++) {
        try {
          ConversationInput input = i == 0 ? ResponsesWire.input(json) : ChatCompletionsWire.input(json);
          input.messages().size();
        } catch (ApiError refused) {
          if (refused.status() >= 500) {
            throw new AssertionError("a client's body answered with " + refused.status(), refused);
          }
        }
      }
    });
  }
}

package dev.switchboard.channel.whatsapp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.fuzz.FuzzInput;

/**
 * Any signed body Meta could send: it is parsed, or refused as the webhook handler expects (it then
 * acknowledges and drops it); never another exception, which would be a 500.
 */
class WhatsAppWebhookFuzzTest {

  private final WhatsAppWebhookParser parser = new WhatsAppWebhookParser();

  @FuzzTest(maxDuration = "60s")
  void anyBodyIsParsedOrRefusedCleanly(byte[] body) {
    FuzzInput.jsonObject(body).ifPresent(json -> {
      try {
        parser.parse(json);
      } catch (IllegalArgumentException refused) {
        // The handler's documented refusal: 200 and dropped.
      }
    });
  }
}

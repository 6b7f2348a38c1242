package dev.switchboard.channel.telegram;

import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class WebhookSecretTokenTest {

  private final WebhookSecretToken secret = new WebhookSecretToken("s3cret_Token-42");

  @Test
  void theExactSecretMatches() {
    assertTrue(secret.matches("s3cret_Token-42"));
  }

  @Test
  void aMissingHeaderDoesNotMatch() {
    assertFalse(secret.matches(null));
    assertFalse(secret.matches(""));
  }

  @Test
  void aPrefixACaseChangeOrAnExtraCharacterDoesNotMatch() {
    assertFalse(secret.matches("s3cret_Token-4"));
    assertFalse(secret.matches("S3CRET_TOKEN-42"));
    assertFalse(secret.matches("s3cret_Token-42 "));
  }

  @Test
  void anEmptySecretIsRefusedRatherThanMatchingAnEmptyHeader() {
    assertThrows(IllegalArgumentException.class, () -> new WebhookSecretToken(""));
  }
}

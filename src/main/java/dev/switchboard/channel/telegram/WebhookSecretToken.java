package dev.switchboard.channel.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The {@code secret_token} given to {@code setWebhook}: Telegram sends it back in
 * {@code X-Telegram-Bot-Api-Secret-Token} on every webhook POST, which is the only proof that a
 * POST comes from Telegram.
 */
public final class WebhookSecretToken {

  /** The header Telegram puts the secret in. */
  public static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";

  private final byte[] expected;

  public WebhookSecretToken(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret must not be empty");
    }
    this.expected = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the header value is the secret; constant time, so timing leaks nothing; null is false. */
  public boolean matches(String headerValue) {
    if (headerValue == null) {
      return false;
    }
    return MessageDigest.isEqual(expected, headerValue.getBytes(StandardCharsets.UTF_8));
  }
}

package dev.switchboard.channel.whatsapp;

import io.vertx.core.buffer.Buffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Checks Meta's {@code X-Hub-Signature-256: sha256=<hex>} header: HMAC-SHA256 of the raw request
 * body keyed with the App Secret. Always over the bytes as received: Meta writes non-ASCII
 * characters as JSON unicode escapes, so a re-serialized body (holding the raw characters) hashes
 * differently.
 */
public final class WhatsAppSignature {

  /** The request header carrying the signature. */
  public static final String HEADER = "X-Hub-Signature-256";

  private static final String ALGORITHM = "HmacSHA256";
  private static final String PREFIX = "sha256=";
  private static final int DIGEST_HEX_LENGTH = 64;

  private final SecretKeySpec key;

  public WhatsAppSignature(String appSecret) {
    this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** True only when the header is present, well formed and matches the body; compared in constant time. */
  public boolean matches(String header, Buffer body) {
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        || header.length() != PREFIX.length() + DIGEST_HEX_LENGTH) {
      return false;
    }
    byte[] claimed;
    try {
      claimed = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(digest(body == null ? new byte[0] : body.getBytes()), claimed);
  }

  private byte[] digest(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is mandatory in every Java platform; reaching this means a broken JRE.
      throw new IllegalStateException(ALGORITHM + " unavailable", e);
    }
  }
}

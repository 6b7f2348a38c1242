package dev.switchboard.channel.slack;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Slack's v0 request signature: {@code v0=hex(HMAC-SHA256(signingSecret, "v0:" + timestamp + ":" + rawBody))}
 * in {@code X-Slack-Signature}, with {@code X-Slack-Request-Timestamp} within {@link #MAX_SKEW_SECONDS}
 * of now in either direction (Slack's own verifier only rejects old ones; a future timestamp is as
 * suspect as a stale one). The body is hashed exactly as received, never re-serialized. Thread-safe.
 */
public final class SlackSignature {

  /** Replay window Slack documents, in seconds. */
  public static final long MAX_SKEW_SECONDS = 300;

  public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Slack-Signature";

  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION_PREFIX = "v0=";

  /** Outcome of a check; anything but {@link #VALID} is answered 401. */
  public enum Check {
    VALID, MISSING_HEADERS, BAD_TIMESTAMP, OUTSIDE_WINDOW, MISMATCH
  }

  private final SecretKeySpec key;
  private final Clock clock;

  public SlackSignature(String signingSecret, Clock clock) {
    this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.clock = clock;
  }

  /** Checks a request's headers (names match in any case, as Vert.x headers do) against its raw body. */
  public Check verify(MultiMap headers, Buffer rawBody) {
    // An empty POST has no body buffer at all; it is checked (and refused) like any other.
    return verify(headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER),
        rawBody == null ? new byte[0] : rawBody.getBytes());
  }

  public Check verify(String timestamp, String signature, byte[] rawBody) {
    if (timestamp == null || signature == null) {
      return Check.MISSING_HEADERS;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Check.BAD_TIMESTAMP;
    }
    long nowSeconds = clock.millis() / 1000;
    if (Math.abs(nowSeconds - seconds) > MAX_SKEW_SECONDS) {
      return Check.OUTSIDE_WINDOW;
    }
    byte[] expected = sign(timestamp.trim(), rawBody).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = signature.trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual) ? Check.VALID : Check.MISMATCH;
  }

  /** The {@code v0=<hex>} signature of a body sent at {@code timestamp} (Unix seconds, as text). */
  public String sign(String timestamp, byte[] rawBody) {
    try {
      // A Mac is not thread-safe; a fresh one per request is cheap next to the HMAC itself.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return VERSION_PREFIX + HexFormat.of().formatHex(mac.doFinal(rawBody));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }
}

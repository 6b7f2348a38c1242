package dev.switchboard.fakes;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta's side of the webhook, for tests: bodies as Meta sends them (every non-ASCII character
 * escaped as a lowercase {@code \\uXXXX} JSON escape), signed over those exact bytes with
 * {@code X-Hub-Signature-256}, and POSTed to {@code /webhooks/whatsapp}. Written independently of
 * the bridge's own signature check so that each verifies the other.
 */
public final class FakeWhatsAppWebhooks {

  public static final Path FIXTURES = Path.of("channels", "whatsapp", "fixtures");

  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*\"\\d+\"");

  private FakeWhatsAppWebhooks() {
  }

  /** A fixture's bytes as Meta would send them. */
  public static Buffer fixture(String name) {
    return Buffer.buffer(metaEscaped(read(name)), StandardCharsets.US_ASCII.name());
  }

  /** A fixture whose every {@code timestamp} is {@code epochSeconds}, so that age limits let it through. */
  public static Buffer fixtureAt(String name, long epochSeconds) {
    Matcher matcher = TIMESTAMP.matcher(read(name));
    String json = matcher.replaceAll("\"timestamp\":\"" + epochSeconds + "\"");
    return Buffer.buffer(metaEscaped(json), StandardCharsets.US_ASCII.name());
  }

  /** Escapes every character outside ASCII the way Meta does: {@code ä} becomes backslash-u-00e4. */
  public static String metaEscaped(String json) {
    StringBuilder out = new StringBuilder(json.length());
    for (char c : json.toCharArray()) {
      if (c < 0x80) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /** The {@code X-Hub-Signature-256} value Meta computes for these bytes. */
  public static String signature(Buffer body, String appSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** POSTs the bytes, signed with {@code appSecret}, as Meta's webhook delivery does. */
  public static Future<HttpResponse<Buffer>> post(WebClient client, int port, Buffer body, String appSecret) {
    return client.post(port, "127.0.0.1", "/webhooks/whatsapp")
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Hub-Signature-256", signature(body, appSecret))
        .putHeader("User-Agent", "facebookexternalua")
        .sendBuffer(body);
  }

  private static String read(String name) {
    try {
      return Files.readString(FIXTURES.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("fixture " + name + " missing under " + FIXTURES.toAbsolutePath(), e);
    }
  }
}

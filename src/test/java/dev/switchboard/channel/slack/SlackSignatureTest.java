package dev.switchboard.channel.slack;

import com.slack.api.app_backend.SlackSignature.Generator;
import com.slack.api.app_backend.SlackSignature.Verifier;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class SlackSignatureTest {

  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final long NOW = 1_750_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  private final SlackSignature signature = new SlackSignature(SECRET, CLOCK);
  private final Generator slack = new Generator(SECRET);
  private final String body = SlackFixtures.raw("app_mention");

  @Test
  void acceptsARequestSignedBySlacksOwnGenerator() {
    String ts = String.valueOf(NOW - 10);
    assertEquals(SlackSignature.Check.VALID, signature.verify(ts, slack.generate(ts, body), utf8(body)));
  }

  @Test
  void signsExactlyAsSlacksVerifierExpects() {
    String ts = String.valueOf(NOW);
    String mine = signature.sign(ts, utf8(body));
    assertTrue(new Verifier(slack).isValid(ts, body, mine, NOW * 1000));
  }

  @Test
  void hashesTheRawBytesSoNonAsciiTextVerifies() {
    assumeTrue(StandardCharsets.UTF_8.equals(Charset.defaultCharset()),
        "Slack's generator signs with the platform charset: run with -Dfile.encoding=UTF-8 (surefire does)");
    String accented = "{\"type\":\"event_callback\",\"event\":{\"text\":\"Grüße, Zoë — ¿qué tal? 🌊\"}}";
    String ts = String.valueOf(NOW);
    assertEquals(SlackSignature.Check.VALID, signature.verify(ts, slack.generate(ts, accented), utf8(accented)));
  }

  @Test
  void matchesHeaderNamesInAnyCase() {
    String ts = String.valueOf(NOW);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("x-slack-request-timestamp", ts).add("X-SLACK-SIGNATURE", slack.generate(ts, body));
    assertEquals(SlackSignature.Check.VALID, signature.verify(headers, Buffer.buffer(body)));
  }

  @Test
  void rejectsASignatureMadeWithAnotherSecret() {
    String ts = String.valueOf(NOW);
    String forged = new Generator("not-the-signing-secret").generate(ts, body);
    assertEquals(SlackSignature.Check.MISMATCH, signature.verify(ts, forged, utf8(body)));
  }

  @Test
  void rejectsABodyChangedAfterSigning() {
    String ts = String.valueOf(NOW);
    String signed = slack.generate(ts, body);
    byte[] tampered = utf8(body.replace("river", "canal"));
    assertEquals(SlackSignature.Check.MISMATCH, signature.verify(ts, signed, tampered));
  }

  @Test
  void rejectsATimestampOlderThanFiveMinutes() {
    String ts = String.valueOf(NOW - 301);
    assertEquals(SlackSignature.Check.OUTSIDE_WINDOW, signature.verify(ts, slack.generate(ts, body), utf8(body)));
  }

  @Test
  void rejectsATimestampMoreThanFiveMinutesAhead() {
    String ts = String.valueOf(NOW + 301);
    assertEquals(SlackSignature.Check.OUTSIDE_WINDOW, signature.verify(ts, slack.generate(ts, body), utf8(body)));
  }

  @Test
  void acceptsClockSkewUpToFiveMinutesEitherWay() {
    for (long ts : new long[] {NOW - 300, NOW + 300}) {
      String text = String.valueOf(ts);
      assertEquals(SlackSignature.Check.VALID, signature.verify(text, slack.generate(text, body), utf8(body)));
    }
  }

  @Test
  void rejectsMissingHeadersAndANonNumericTimestamp() {
    assertEquals(SlackSignature.Check.MISSING_HEADERS, signature.verify(MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer(body)));
    assertEquals(SlackSignature.Check.BAD_TIMESTAMP, signature.verify("yesterday", "v0=00", utf8(body)));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.switchboard.channel.delivery;

import dev.switchboard.app.ChannelDeployment;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

  /** A jitter source that always draws {@code fraction} of the range it is asked for. */
  private static RandomGenerator drawing(double fraction) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public long nextLong(long bound) {
        return (long) (fraction * (bound - 1));
      }
    };
  }

  private static final RetryPolicy POLICY = new RetryPolicy(6, 1_000, 10_000, 30_000);

  private static List<Long> delaysOfAttempts1To5(RandomGenerator random) {
    List<Long> delays = new ArrayList<>();
    for (int failed = 1; failed <= 5; failed++) {
      delays.add(POLICY.nextDelayMs(failed, OptionalLong.empty(), random).orElseThrow());
    }
    return delays;
  }

  @Test
  void theBackoffDoublesUpToItsCeilingAndJitterTakesAtMostHalf() {
    assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 10_000L), delaysOfAttempts1To5(drawing(0)));
    assertEquals(List.of(500L, 1_000L, 2_000L, 4_000L, 5_000L), delaysOfAttempts1To5(drawing(1)));
    assertEquals(List.of(750L, 1_500L, 3_000L, 6_000L, 7_500L), delaysOfAttempts1To5(drawing(0.5)));
  }

  @Test
  void aSeededRandomGivesTheSameDelaysEveryTime() {
    List<Long> first = delaysOfAttempts1To5(new java.util.Random(11));
    assertEquals(first, delaysOfAttempts1To5(new java.util.Random(11)));
    long[][] bounds = {{500, 1_000}, {1_000, 2_000}, {2_000, 4_000}, {4_000, 8_000}, {5_000, 10_000}};
    for (int i = 0; i < bounds.length; i++) {
      long delay = first.get(i);
      assertTrue(delay >= bounds[i][0] && delay <= bounds[i][1], "attempt " + (i + 1) + ": " + delay);
    }
  }

  @Test
  void noDelayOnceTheAttemptsAreUsedUp() {
    assertEquals(OptionalLong.empty(), POLICY.nextDelayMs(6, OptionalLong.empty(), drawing(0)));
    assertEquals(OptionalLong.empty(), POLICY.nextDelayMs(6, OptionalLong.of(1_000), drawing(0)));
    assertEquals(OptionalLong.empty(), new RetryPolicy(1, 10, 10, 10).nextDelayMs(1, OptionalLong.empty(), drawing(0)));
  }

  @Test
  void theWaitThePlatformAskedForWinsOverTheBackoffUpToTheCap() {
    assertEquals(OptionalLong.of(3_000), POLICY.nextDelayMs(1, OptionalLong.of(3_000), drawing(0)));
    assertEquals(OptionalLong.of(0), POLICY.nextDelayMs(4, OptionalLong.of(0), drawing(0)), "Retry-After: 0");
    assertEquals(OptionalLong.of(30_000), POLICY.nextDelayMs(1, OptionalLong.of(30_000), drawing(0)), "at the cap");
    assertEquals(OptionalLong.empty(), POLICY.nextDelayMs(1, OptionalLong.of(30_001), drawing(0)),
        "longer than maxRetryAfterMs: not slept out in memory");
  }

  @Test
  void aLongSeriesOfFailuresNeverOverflows() {
    RetryPolicy many = new RetryPolicy(10, 3_600_000, 3_600_000, 0);
    assertEquals(3_600_000, many.backoffMs(9, drawing(0)));
    assertEquals(3_600_000, many.backoffMs(64, drawing(0)));
  }

  private static ConfigNode channel(JsonObject section) {
    return new ConfigNode(section, "channels.slack", Map.of());
  }

  private static final Map<String, String> LEGACY = Map.of("maxSendAttempts", "maxAttempts",
      "retryBackoffMs", "initialBackoffMs", "maxRetryAfterSeconds", "maxRetryAfterMs");

  @Test
  void anAbsentBlockGivesTheDefaults() {
    assertEquals(new RetryPolicy(3, 1_000, 30_000, 60_000), RetryPolicy.from(channel(new JsonObject()), LEGACY));
  }

  @Test
  void readsTheRetryBlock() {
    JsonObject retry = new JsonObject().put("maxAttempts", 5).put("initialBackoffMs", 200).put("maxBackoffMs", 800)
        .put("maxRetryAfterMs", 5_000);
    assertEquals(new RetryPolicy(5, 200, 800, 5_000),
        RetryPolicy.from(channel(new JsonObject().put("retry", retry)), LEGACY));
  }

  @Test
  void theOldDocumentedNamesStillWorkInTheirOwnUnits() {
    JsonObject old = new JsonObject().put("maxSendAttempts", 4).put("retryBackoffMs", 50).put("maxRetryAfterSeconds", 7);
    assertEquals(new RetryPolicy(4, 50, 30_000, 7_000), RetryPolicy.from(channel(old), LEGACY));
  }

  @Test
  void anInitialBackoffAboveTheDefaultCeilingRaisesTheCeiling() {
    JsonObject retry = new JsonObject().put("initialBackoffMs", 45_000);
    assertEquals(45_000, RetryPolicy.from(channel(new JsonObject().put("retry", retry)), LEGACY).maxBackoffMs());
  }

  private static String rejection(JsonObject section) {
    return assertThrows(ConfigException.class, () -> RetryPolicy.from(channel(section), LEGACY)).getMessage();
  }

  @Test
  void nonsenseIsRejectedNamingTheKey() {
    assertEquals("channels.slack.retry.maxAttempts: 0 is out of range [1, 10]",
        rejection(new JsonObject().put("retry", new JsonObject().put("maxAttempts", 0))));
    assertEquals("channels.slack.retry.initialBackoffMs: -5 is out of range [0, 3600000]",
        rejection(new JsonObject().put("retry", new JsonObject().put("initialBackoffMs", -5))));
    assertEquals("channels.slack.retry.maxBackoffMs: 100 is less than initialBackoffMs (500); the backoff grows "
        + "from initialBackoffMs up to maxBackoffMs", rejection(new JsonObject().put("retry",
        new JsonObject().put("initialBackoffMs", 500).put("maxBackoffMs", 100))));
    assertTrue(rejection(new JsonObject().put("retry", new JsonObject().put("maxAttemps", 3)))
        .startsWith("channels.slack.retry.maxAttemps: unknown key"));
    assertEquals("channels.slack.maxSendAttempts: is the old name of channels.slack.retry.maxAttempts; set only "
        + "channels.slack.retry.maxAttempts", rejection(new JsonObject().put("maxSendAttempts", 2)
        .put("retry", new JsonObject().put("maxAttempts", 3))));
  }

  @Test
  void theStartAndCheckStopAtANonsensicalRetryBlockOfAnyChannel() {
    for (String channel : List.of("whatsapp", "telegram", "slack")) {
      var config = ConfigLoader.parse("test.json5", "{ models: { providers: { lmstudio: { baseUrl: "
          + "'http://127.0.0.1:1234/v1', api: 'openai-completions', models: [{ id: 'm' }] } } }, channels: { "
          + channel + ": { retry: { maxAttempts: 3, initialBackoffMs: 2000, maxBackoffMs: 1000 } } } }", Map.of());
      assertEquals("channels." + channel + ".retry.maxBackoffMs: 1000 is less than initialBackoffMs (2000); the "
          + "backoff grows from initialBackoffMs up to maxBackoffMs",
          assertThrows(ConfigException.class, () -> ChannelDeployment.inspect(config)).getMessage());
    }
  }
}

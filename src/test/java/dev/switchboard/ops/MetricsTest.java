package dev.switchboard.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Prometheus scrape of {@code /metrics} reads. */
class MetricsTest {

  @Test
  void countersRenderInThePrometheusTextFormatUnderTheirFormerNames() {
    Metrics metrics = new Metrics();
    Metrics.Counters turns = metrics.counter("switchboard_turns_total", "Turns by outcome.", "outcome");
    turns.increment("ok");
    turns.increment("ok");
    turns.increment("timeout");

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("# TYPE switchboard_turns_total counter"), scrape);
    assertTrue(scrape.contains("switchboard_turns_total{outcome=\"ok\"} 2"), scrape);
    assertTrue(scrape.contains("switchboard_turns_total{outcome=\"timeout\"} 1"), scrape);
    assertFalse(scrape.contains("_total_total"), scrape);
  }

  @Test
  void latenciesAreHistogramsWhoseBucketsGiveThePercentiles() {
    Metrics metrics = new Metrics();
    Metrics.Latencies latency = metrics.latency("switchboard_model_call_seconds", "Call time.", "model");
    latency.record(Duration.ofMillis(250), "local/a");
    latency.record(Duration.ofMillis(500), "local/a");

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("# TYPE switchboard_model_call_seconds histogram"), scrape);
    assertTrue(scrape.contains("switchboard_model_call_seconds_count{model=\"local/a\"} 2"), scrape);
    assertTrue(scrape.contains("switchboard_model_call_seconds_sum{model=\"local/a\"} 0.75"), scrape);
    assertTrue(scrape.contains("switchboard_model_call_seconds_bucket{model=\"local/a\",le=\"+Inf\"} 2"), scrape);
    assertFalse(scrape.contains("_seconds_seconds"), scrape);
    // Buckets are cumulative: none up to 0.1 s, one up to 0.25 s, both up to 0.5 s.
    assertEquals(0, bucket(scrape, "0.1"), scrape);
    assertEquals(1, bucket(scrape, "0.25"), scrape);
    assertEquals(2, bucket(scrape, "0.5"), scrape);
    assertEquals(2, bucket(scrape, "600.0"), scrape);
  }

  private static long bucket(String scrape, String le) {
    String prefix = "switchboard_model_call_seconds_bucket{model=\"local/a\",le=\"" + le + "\"} ";
    return scrape.lines().filter(line -> line.startsWith(prefix))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(prefix.length()))).findFirst()
        .orElseThrow(() -> new AssertionError("no bucket le=" + le));
  }

  @Test
  void aFamilyIsSharedByName() {
    Metrics metrics = new Metrics();

    metrics.counter("x_total", "X.", "a").increment("1");
    metrics.counter("x_total", "X.", "a").increment("1");

    assertSame(metrics.counter("x_total", "X.", "a"), metrics.counter("x_total", "X.", "a"));
    assertTrue(metrics.scrape().contains("x_total{a=\"1\"} 2"), metrics.scrape());
  }

  @Test
  void labelValuesAreEscaped() {
    Metrics metrics = new Metrics();

    metrics.counter("x_total", "X.", "model").increment("we\"ird\\name\n");

    assertTrue(metrics.scrape().contains("x_total{model=\"we\\\"ird\\\\name\\n\"} 1"), metrics.scrape());
  }

  @Test
  void seriesBeyondTheLimitAreFoldedIntoOne() {
    Metrics metrics = new Metrics(2);
    Metrics.Counters calls = metrics.counter("calls_total", "Calls.", "model");

    calls.increment("a");
    calls.increment("b");
    calls.increment("c");
    calls.increment("d");

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("calls_total{model=\"_other\"} 2"), scrape);
    assertEquals(3, scrape.lines().filter(line -> line.startsWith("calls_total{")).count(), scrape);
  }

  @Test
  void aWrongNumberOfLabelsIsRejected() {
    Metrics.Counters counter = new Metrics().counter("x_total", "X.", "a", "b");

    assertThrows(IllegalArgumentException.class, () -> counter.increment("only one"));
  }

  @Test
  void concurrentIncrementsAreAllCounted() throws Exception {
    Metrics metrics = new Metrics();
    Metrics.Counters counter = metrics.counter("x_total", "X.", "outcome");
    ExecutorService threads = Executors.newFixedThreadPool(4);
    for (int thread = 0; thread < 4; thread++) {
      threads.submit(() -> {
        for (int i = 0; i < 10_000; i++) {
          counter.increment(i % 2 == 0 ? "ok" : "timeout");
        }
      });
    }
    threads.shutdown();
    assertTrue(threads.awaitTermination(5, TimeUnit.SECONDS));

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("x_total{outcome=\"ok\"} 20000"), scrape);
    assertTrue(scrape.contains("x_total{outcome=\"timeout\"} 20000"), scrape);
  }
}

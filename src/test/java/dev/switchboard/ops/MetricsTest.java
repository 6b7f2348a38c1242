package dev.switchboard.ops;

import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Prometheus scrape of {@code /metrics} reads. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class MetricsTest {

  @Test
  void countersAndSummariesRenderInThePrometheusTextFormat() {
    Metrics metrics = new Metrics();
    Metrics.Counter turns = metrics.counter("switchboard_turns_total", "Turns by outcome.", "outcome");
    Metrics.Summary latency = metrics.summary("switchboard_model_call_seconds", "Call time.", "model");
    turns.increment("ok");
    turns.increment("ok");
    turns.increment("timeout");
    latency.observe(0.25, "local/a");
    latency.observe(0.5, "local/a");

    assertEquals("""
        # HELP switchboard_turns_total Turns by outcome.
        # TYPE switchboard_turns_total counter
        switchboard_turns_total{outcome="ok"} 2
        switchboard_turns_total{outcome="timeout"} 1
        # HELP switchboard_model_call_seconds Call time.
        # TYPE switchboard_model_call_seconds summary
        switchboard_model_call_seconds_count{model="local/a"} 2
        switchboard_model_call_seconds_sum{model="local/a"} 0.75
        """, metrics.scrape());
  }

  @Test
  void aFamilyIsSharedByName() {
    Metrics metrics = new Metrics();

    metrics.counter("x_total", "X.", "a").increment("1");
    metrics.counter("x_total", "X.", "a").increment("1");

    assertSame(metrics.counter("x_total", "X.", "a"), metrics.counter("x_total", "X.", "a"));
    assertEquals(2, metrics.counter("x_total", "X.", "a").value("1"));
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
    Metrics.Counter calls = metrics.counter("calls_total", "Calls.", "model");

    calls.increment("a");
    calls.increment("b");
    calls.increment("c");
    calls.increment("d");

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("calls_total{model=\"_other\"} 2"), scrape);
    assertEquals(3, scrape.lines().filter(line -> line.startsWith("calls_total")).count(), scrape);
  }

  @Test
  void aWrongNumberOfLabelsIsRejected() {
    Metrics.Counter counter = new Metrics().counter("x_total", "X.", "a", "b");

    assertThrows(IllegalArgumentException.class, () -> counter.increment("only one"));
  }

  @Test
  void concurrentIncrementsAreAllCounted() throws Exception {
    Metrics metrics = new Metrics();
    Metrics.Counter counter = metrics.counter("x_total", "X.", "outcome");
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

    assertEquals(20_000, counter.value("ok"));
    assertEquals(20_000, counter.value("timeout"));
  }
}

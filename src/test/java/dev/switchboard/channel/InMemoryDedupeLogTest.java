package dev.switchboard.channel;

import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class InMemoryDedupeLogTest {

  private final MutableClock clock = new MutableClock();

  @Test
  void aRetriedIdIsRecognised() {
    InMemoryDedupeLog log = new InMemoryDedupeLog(clock, Duration.ofHours(24), 100);
    assertTrue(seen(log, "telegram:1"));
    assertFalse(seen(log, "telegram:1"));
    assertTrue(seen(log, "telegram:2"));
  }

  @Test
  void aForgottenIdIsFirstAgain() {
    InMemoryDedupeLog log = new InMemoryDedupeLog(clock, Duration.ofHours(24), 100);
    assertTrue(seen(log, "telegram:1"));
    log.forget("telegram:1");
    assertTrue(seen(log, "telegram:1"));
    assertFalse(seen(log, "telegram:1"));
  }

  @Test
  void idsAreForgottenAfterTheTtl() {
    InMemoryDedupeLog log = new InMemoryDedupeLog(clock, Duration.ofHours(24), 100);
    seen(log, "slack:Ev1");
    clock.advance(Duration.ofHours(23));
    assertFalse(seen(log, "slack:Ev1"), "still remembered within the TTL");
    clock.advance(Duration.ofHours(1));
    assertTrue(seen(log, "slack:Ev1"), "forgotten 24 h after the first sighting");
  }

  @Test
  void pastTheMaximumTheOldestIdsGoFirst() {
    InMemoryDedupeLog log = new InMemoryDedupeLog(clock, Duration.ofHours(24), 3);
    for (String id : List.of("a", "b", "c", "d")) {
      seen(log, id);
    }
    assertEquals(3, log.size());
    assertFalse(seen(log, "d"));
    assertTrue(seen(log, "a"), "the oldest id was evicted");
  }

  @Test
  void ofConcurrentDuplicatesExactlyOneIsFirst() throws Exception {
    InMemoryDedupeLog log = new InMemoryDedupeLog(clock, Duration.ofHours(24), 10_000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 200; round++) {
        String id = "whatsapp:wamid." + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        Callable<Boolean> call = () -> {
          start.await();
          return seen(log, id);
        };
        for (int t = 0; t < 8; t++) {
          results.add(pool.submit(call));
        }
        start.countDown();
        int firsts = 0;
        for (Future<Boolean> result : results) {
          firsts += result.get() ? 1 : 0;
        }
        assertEquals(1, firsts, "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean seen(InMemoryDedupeLog log, String id) {
    return log.firstSighting(id).result();
  }
}

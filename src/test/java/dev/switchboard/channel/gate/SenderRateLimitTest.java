package dev.switchboard.channel.gate;

import dev.switchboard.channel.MutableClock;
import dev.switchboard.channel.gate.SenderRateLimit.Verdict;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SenderRateLimitTest {

  private final MutableClock clock = new MutableClock();

  @Test
  void aBurstUpToTheLimitPassesThenTheSenderIsToldOnceAndIgnored() {
    SenderRateLimit limit = new SenderRateLimit(20, clock);
    for (int i = 0; i < 20; i++) {
      assertEquals(Verdict.ALLOW, limit.check("telegram:111"), "message " + (i + 1));
    }
    assertEquals(Verdict.NOTIFY, limit.check("telegram:111"));
    for (int i = 0; i < 10; i++) {
      assertEquals(Verdict.DROP, limit.check("telegram:111"));
    }
  }

  @Test
  void otherSendersAreNotAffected() {
    SenderRateLimit limit = new SenderRateLimit(2, clock);
    limit.check("a");
    limit.check("a");
    assertEquals(Verdict.NOTIFY, limit.check("a"));
    assertEquals(Verdict.ALLOW, limit.check("b"));
  }

  @Test
  void theAllowanceRefillsAtTheConfiguredRate() {
    SenderRateLimit limit = new SenderRateLimit(20, clock);
    for (int i = 0; i < 21; i++) {
      limit.check("s");
    }
    clock.advance(Duration.ofSeconds(3));
    assertEquals(Verdict.ALLOW, limit.check("s"), "20 per minute: one message every 3 s");
    assertEquals(Verdict.DROP, limit.check("s"));
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 20; i++) {
      assertEquals(Verdict.ALLOW, limit.check("s"));
    }
  }

  @Test
  void aPersistentFloodGetsAtMostOneNoticePerMinute() {
    SenderRateLimit limit = new SenderRateLimit(20, clock);
    int notices = 0;
    // Ten messages a second for five minutes.
    for (int i = 0; i < 3000; i++) {
      notices += limit.check("s") == Verdict.NOTIFY ? 1 : 0;
      clock.advance(Duration.ofMillis(100));
    }
    assertEquals(5, notices);
  }

  @Test
  void memoryIsBoundedByTheNumberOfSendersTracked() {
    SenderRateLimit limit = new SenderRateLimit(20, 1000, clock);
    for (int i = 0; i < 5000; i++) {
      limit.check("sender" + i);
    }
    assertEquals(1000, limit.trackedSenders());
  }

  @Test
  void zeroDisablesTheLimit() {
    SenderRateLimit limit = new SenderRateLimit(0, clock);
    for (int i = 0; i < 1000; i++) {
      assertEquals(Verdict.ALLOW, limit.check("s"));
    }
    assertEquals(0, limit.trackedSenders());
  }
}

package dev.switchboard.channel.gate;

import dev.switchboard.channel.MutableClock;
import dev.switchboard.channel.Messages;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class StaleMessageFilterTest {

  private final MutableClock clock = new MutableClock();

  @Test
  void messagesOlderThanTheMaximumAgeAreStale() {
    StaleMessageFilter filter = new StaleMessageFilter(3600, clock);
    long now = clock.millis();
    assertFalse(filter.isStale(Messages.dm("1", "111", now - 3_600_000)));
    assertTrue(filter.isStale(Messages.dm("2", "111", now - 3_600_001)));
    assertTrue(filter.isStale(Messages.dm("3", "111", now - 7L * 24 * 3_600_000)), "a week-old WhatsApp replay");
  }

  @Test
  void anUnknownSendTimeOrAClockAheadIsNotStale() {
    StaleMessageFilter filter = new StaleMessageFilter(60, clock);
    assertFalse(filter.isStale(Messages.dm("1", "111", 0)));
    assertFalse(filter.isStale(Messages.dm("2", "111", clock.millis() + 5000)));
  }

  @Test
  void zeroKeepsEveryMessage() {
    StaleMessageFilter filter = new StaleMessageFilter(0, clock);
    assertFalse(filter.isStale(Messages.dm("1", "111", 1)));
  }
}

package dev.switchboard.channel.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Periodic signals: checkpoints are lax, since a tick may still fire between the last flag and the test's end. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TypingIndicatorTest {

  @Test
  void theActionRunsAtOnceAndThenEveryInterval(Vertx vertx, VertxTestContext test) {
    Checkpoint fiveSignals = test.laxCheckpoint(5);
    TypingIndicator typing = new TypingIndicator(vertx, 10, 10_000);
    typing.start("chat1", () -> {
      fiveSignals.flag();
      return Future.succeededFuture();
    });
  }

  @Test
  void stopEndsTheRepetition(Vertx vertx, VertxTestContext test) {
    AtomicInteger calls = new AtomicInteger();
    TypingIndicator typing = new TypingIndicator(vertx, 10, 10_000);
    typing.start("chat1", () -> {
      if (calls.incrementAndGet() == 3) {
        typing.stop("chat1");
        // The control: another chat on the same timer ticks ten times; a tick of chat1 after stop()
        // would have shown up as a fourth call by then.
        afterTicks(typing, "control", 10, () -> test.verify(() -> {
          assertEquals(3, calls.get());
          typing.stopAll();
          test.completeNow();
        }));
      }
      return Future.succeededFuture();
    });
  }

  @Test
  void theRepetitionEndsByItselfAfterTheMaximumDuration(Vertx vertx, VertxTestContext test) {
    AtomicInteger calls = new AtomicInteger();
    TypingIndicator typing = new TypingIndicator(vertx, 10, 50);
    typing.start("chat1", () -> {
      calls.incrementAndGet();
      return Future.succeededFuture();
    });
    // The control runs without a short limit: thirty of its ticks outlast the 50 ms maximum many times.
    TypingIndicator control = new TypingIndicator(vertx, 10, 10_000);
    afterTicks(control, "control", 30, () -> test.verify(() -> {
      assertEquals(6, calls.get(), "once at start, then five intervals within 50 ms");
      control.stopAll();
      test.completeNow();
    }));
  }

  @Test
  void aSlowPlatformCallIsNotOverlappedByTheNextTick(Vertx vertx, VertxTestContext test) {
    AtomicInteger calls = new AtomicInteger();
    Promise<Void> hanging = Promise.promise();
    TypingIndicator typing = new TypingIndicator(vertx, 10, 10_000);
    typing.start("chat1", () -> {
      calls.incrementAndGet();
      return hanging.future();
    });
    afterTicks(typing, "control", 10, () -> test.verify(() -> {
      assertEquals(1, calls.get());
      typing.stopAll();
      test.completeNow();
    }));
  }

  /** Runs {@code then} once {@code key} has been signalled {@code ticks} times by {@code typing}. */
  private static void afterTicks(TypingIndicator typing, String key, int ticks, Runnable then) {
    AtomicInteger seen = new AtomicInteger();
    typing.start(key, () -> {
      if (seen.incrementAndGet() == ticks) {
        typing.stop(key);
        then.run();
      }
      return Future.succeededFuture();
    });
  }

  @Test
  void aFailingActionKeepsRepeating(Vertx vertx, VertxTestContext test) {
    Checkpoint threeAttempts = test.laxCheckpoint(3);
    TypingIndicator typing = new TypingIndicator(vertx, 10, 10_000);
    typing.start("chat1", () -> {
      threeAttempts.flag();
      return Future.failedFuture("429 Too Many Requests");
    });
  }

  @Test
  void keysRepeatIndependently(Vertx vertx, VertxTestContext test) {
    Checkpoint chat1 = test.laxCheckpoint(3);
    Checkpoint chat2 = test.laxCheckpoint(3);
    TypingIndicator typing = new TypingIndicator(vertx, 10, 10_000);
    typing.start("chat1", () -> {
      chat1.flag();
      return Future.succeededFuture();
    });
    typing.start("chat2", () -> {
      chat2.flag();
      return Future.succeededFuture();
    });
  }
}

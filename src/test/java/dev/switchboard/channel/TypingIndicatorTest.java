package dev.switchboard.channel;

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

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TypingIndicatorTest {

  @Test
  void theActionRunsAtOnceAndThenEveryInterval(Vertx vertx, VertxTestContext test) {
    Checkpoint fiveSignals = test.checkpoint(5);
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
        // Ten more intervals: a tick after stop() would show up as a fourth call.
        vertx.setTimer(100, id -> test.verify(() -> {
          assertEquals(3, calls.get());
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
    vertx.setTimer(300, id -> test.verify(() -> {
      assertEquals(6, calls.get(), "once at start, then five intervals within 50 ms");
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
    vertx.setTimer(100, id -> test.verify(() -> {
      assertEquals(1, calls.get());
      typing.stopAll();
      test.completeNow();
    }));
  }

  @Test
  void aFailingActionKeepsRepeating(Vertx vertx, VertxTestContext test) {
    Checkpoint threeAttempts = test.checkpoint(3);
    TypingIndicator typing = new TypingIndicator(vertx, 10, 10_000);
    typing.start("chat1", () -> {
      threeAttempts.flag();
      return Future.failedFuture("429 Too Many Requests");
    });
  }

  @Test
  void keysRepeatIndependently(Vertx vertx, VertxTestContext test) {
    Checkpoint chat1 = test.checkpoint(3);
    Checkpoint chat2 = test.checkpoint(3);
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

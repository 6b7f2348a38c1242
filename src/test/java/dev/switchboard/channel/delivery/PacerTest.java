package dev.switchboard.channel.delivery;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waits the pacer imposes, measured as lower bounds (a loaded machine only makes them longer). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class PacerTest {

  /** Runs {@code acquiring} on one context, as a channel does, and returns its futures and their start time. */
  private static List<Future<Void>> onContext(Vertx vertx, Function<Pacer, List<Future<Void>>> acquiring, Pacer pacer)
      throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<List<Future<Void>>> started = new CompletableFuture<>();
    context.runOnContext(v -> started.complete(acquiring.apply(pacer)));
    return started.get(5, TimeUnit.SECONDS);
  }

  private static long millisUntilDone(Future<Void> permit, long startNanos) {
    permit.await();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void anAccountSendsItsBurstAtOnceThenAtItsRate(Vertx vertx) throws Exception {
    Pacer pacer = new Pacer(vertx, new Pacer.Rate(10, 2), null);
    long start = System.nanoTime();

    List<Future<Void>> permits = onContext(vertx, p -> {
      List<Future<Void>> all = new ArrayList<>();
      for (int chat = 0; chat < 5; chat++) {
        all.add(p.acquire("number-1", "chat-" + chat));
      }
      return all;
    }, pacer);

    assertTrue(permits.get(0).isComplete() && permits.get(1).isComplete(), "the burst goes at once");
    assertFalse(permits.get(2).isComplete());
    assertTrue(millisUntilDone(permits.get(4), start) >= 290, "the fifth waits three tenths of a second");
  }

  @Test
  void accountsArePacedApart(Vertx vertx) throws Exception {
    Pacer pacer = new Pacer(vertx, new Pacer.Rate(1, 1), null);

    List<Future<Void>> permits = onContext(vertx, p -> List.of(p.acquire("number-1", "a"), p.acquire("number-2", "a"),
        p.acquire("number-1", "b")), pacer);

    assertTrue(permits.get(1).isComplete(), "another number has its own throughput");
    assertFalse(permits.get(2).isComplete());
  }

  @Test
  void aChatBeyondItsPaceWaitsWithoutDelayingOtherChats(Vertx vertx) throws Exception {
    Pacer pacer = new Pacer(vertx, new Pacer.Rate(100, 100), new Pacer.Rate(2, 1));
    long start = System.nanoTime();

    List<Future<Void>> permits = onContext(vertx, p -> List.of(p.acquire("bot", "busy"), p.acquire("bot", "busy"),
        p.acquire("bot", "quiet")), pacer);

    assertTrue(permits.get(0).isComplete());
    assertTrue(permits.get(2).isComplete(), "the quiet chat does not queue behind the busy one");
    assertTrue(millisUntilDone(permits.get(1), start) >= 490);
  }

  @Test
  void aRecipientThePlatformAskedToSlowDownForGetsOneMessagePerInterval(Vertx vertx) throws Exception {
    Pacer pacer = new Pacer(vertx, new Pacer.Rate(80, 80), null);
    long start = System.nanoTime();

    List<Future<Void>> permits = onContext(vertx, p -> {
      p.slowDown("number-1", "16505551234", 300, 60_000);
      return List.of(p.acquire("number-1", "16505551234"), p.acquire("number-1", "16505559999"));
    }, pacer);

    assertTrue(permits.get(1).isComplete(), "other users are not slowed down");
    assertTrue(millisUntilDone(permits.get(0), start) >= 290);
    assertEquals(true, permits.get(0).succeeded());
  }
}

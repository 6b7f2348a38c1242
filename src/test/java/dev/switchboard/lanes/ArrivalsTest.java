package dev.switchboard.lanes;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.lanes.BacklogTest.awaitPending;
import static dev.switchboard.lanes.BacklogTest.onContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accepted messages go to the router at once while the node has room, and otherwise wait, in arrival
 * order, until turns finish; leftovers of the last stop go first and no faster than there is room.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ArrivalsTest {

  @Test
  void aMessageGoesOnAtOnceWhileThereIsRoomAndNothingWaits(Vertx vertx) {
    Arrivals arrivals = new Arrivals(vertx, new Backlog(2));
    List<String> router = new ArrayList<>();
    arrivals.handOn(() -> router.add("hello"));
    assertEquals(List.of("hello"), router);
    assertEquals(0, arrivals.waiting());
    assertTrue(arrivals.acceptsNew());
  }

  @Test
  void aFullNodeKeepsMessagesInArrivalOrderUntilTurnsFinish(Vertx vertx) {
    Backlog backlog = new Backlog(2);
    Arrivals arrivals = new Arrivals(vertx, backlog);
    Context context = vertx.getOrCreateContext();
    List<Promise<String>> turns = List.of(Promise.promise(), Promise.promise());
    onContext(context, () -> {
      Lanes lanes = new Lanes(context, backlog);
      lanes.run("chat-1", turns.get(0)::future);
      return lanes.run("chat-2", turns.get(1)::future);
    });
    List<String> router = new CopyOnWriteArrayList<>();
    arrivals.handOn(() -> router.add("first"));
    arrivals.handOn(() -> router.add("second"));
    assertEquals(List.of(), router, "no room: both wait");
    assertEquals(2, arrivals.waiting());
    assertFalse(arrivals.acceptsNew(), "as many wait as the node holds turns: the next webhook gets 503");

    onContext(context, () -> {
      turns.get(0).complete("answered");
      return Future.succeededFuture();
    });
    awaitRouted(vertx, router, 1);
    assertEquals(List.of("first"), router, "one turn finished: the oldest goes on");
    assertTrue(arrivals.acceptsNew());
    arrivals.handOn(() -> router.add("third"));
    onContext(context, () -> {
      turns.get(1).complete("answered");
      return Future.succeededFuture();
    });
    awaitRouted(vertx, router, 3);
    assertEquals(List.of("first", "second", "third"), router, "a later message never overtakes a waiting one");
    assertEquals(0, arrivals.waiting());
  }

  @Test
  void leftoversGoFirstAndNoFasterThanThereIsRoom(Vertx vertx) {
    Backlog backlog = new Backlog(2);
    Arrivals arrivals = new Arrivals(vertx, backlog);
    Context context = vertx.getOrCreateContext();
    Lanes lanes = onContext(context, () -> Future.succeededFuture(new Lanes(context, backlog))).await();
    List<Promise<String>> turns = new CopyOnWriteArrayList<>();
    List<String> router = new CopyOnWriteArrayList<>();
    AtomicInteger mostHeld = new AtomicInteger();
    List<Runnable> leftovers = new ArrayList<>();
    for (int chat = 1; chat <= 5; chat++) {
      String name = "left-" + chat;
      // As the router does: a message it receives becomes a turn on the router's context.
      leftovers.add(() -> context.runOnContext(received -> {
        router.add(name);
        Promise<String> turn = Promise.promise();
        turns.add(turn);
        lanes.run(name, turn::future);
        mostHeld.accumulateAndGet(backlog.pending(), Math::max);
      }));
    }
    arrivals.handOnLater(leftovers);
    arrivals.handOn(() -> router.add("new"));
    assertFalse(router.contains("new"), "a new message waits behind the leftovers, even before any went on");

    for (int finished = 0; finished < 5; finished++) {
      awaitRouted(vertx, router, Math.min(finished + 2, 6));
      Promise<String> next = turns.get(finished);
      onContext(context, () -> {
        next.complete("answered");
        return Future.succeededFuture();
      });
    }
    awaitRouted(vertx, router, 6);
    awaitPending(vertx, backlog, 0);
    assertEquals(List.of("left-1", "left-2", "left-3", "left-4", "left-5", "new"), router);
    assertEquals(2, mostHeld.get(), "two turns at a time, as the limit allows");
  }

  /** Waits (on timers, nothing announces a hand-on) until the router got {@code count} messages. */
  private static void awaitRouted(Vertx vertx, List<String> router, int count) {
    while (router.size() < count) {
      vertx.timer(5).await();
    }
  }
}

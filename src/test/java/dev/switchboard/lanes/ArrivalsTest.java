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
 * order, until turns finish; leftovers of the last stop go first and no faster than there is room; a
 * channel whose replies pile up waits without holding back the others.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ArrivalsTest {

  @Test
  void aMessageGoesOnAtOnceWhileThereIsRoomAndNothingWaits(Vertx vertx) {
    Arrivals arrivals = new Arrivals(vertx.getOrCreateContext(), new Backlog(2));
    List<String> router = new ArrayList<>();
    arrivals.handOn("telegram", () -> router.add("hello"));
    assertEquals(List.of("hello"), router);
    assertEquals(0, arrivals.waiting());
    assertTrue(arrivals.acceptsNew());
  }

  @Test
  void aFullNodeKeepsMessagesInArrivalOrderUntilTurnsFinish(Vertx vertx) {
    Router router = new Router(vertx.getOrCreateContext(), new Backlog(2));
    Arrivals arrivals = new Arrivals(router.context, router.backlog);
    arrivals.handOn("telegram", router.turn("chat-1"));
    arrivals.handOn("telegram", router.turn("chat-2"));
    awaitPending(vertx, router.backlog, 2);

    arrivals.handOn("telegram", router.turn("first"));
    arrivals.handOn("telegram", router.turn("second"));
    assertEquals(List.of("chat-1", "chat-2"), router.received, "no room: both wait");
    assertEquals(2, arrivals.waiting());
    assertFalse(arrivals.acceptsNew(), "as many wait as the node holds turns: the next webhook gets 503");

    router.finish(0);
    router.awaitReceived(vertx, 3);
    awaitPending(vertx, router.backlog, 2);
    assertEquals(List.of("chat-1", "chat-2", "first"), router.received, "one turn finished: the oldest goes on");
    assertTrue(arrivals.acceptsNew());
    arrivals.handOn("telegram", router.turn("third"));
    for (int turn = 1; turn <= 2; turn++) {
      router.finish(turn);
    }
    router.awaitReceived(vertx, 5);
    assertEquals(List.of("chat-1", "chat-2", "first", "second", "third"), router.received,
        "a later message never overtakes a waiting one");
    assertEquals(0, arrivals.waiting());
  }

  @Test
  void leftoversGoFirstAndNoFasterThanThereIsRoom(Vertx vertx) {
    Router router = new Router(vertx.getOrCreateContext(), new Backlog(2));
    Arrivals arrivals = new Arrivals(router.context, router.backlog);
    List<Runnable> leftovers = new ArrayList<>();
    for (int chat = 1; chat <= 5; chat++) {
      leftovers.add(router.turn("left-" + chat));
    }
    arrivals.handOnLater("telegram", leftovers);
    arrivals.handOn("telegram", router.turn("new"));
    assertFalse(router.received.contains("new"), "a new message waits behind the leftovers, even before any went on");

    for (int finished = 0; finished < 5; finished++) {
      router.awaitReceived(vertx, Math.min(finished + 2, 6));
      router.finish(finished);
    }
    router.awaitReceived(vertx, 6);
    router.finish(5);
    awaitPending(vertx, router.backlog, 0);
    assertEquals(List.of("left-1", "left-2", "left-3", "left-4", "left-5", "new"), router.received);
    assertEquals(2, router.mostHeld.get(), "two turns at a time, as the limit allows");
  }

  @Test
  void leftoversOfAChannelNotRunningWaitUntilItStartsAndStillGoFirst(Vertx vertx) {
    Router router = new Router(vertx.getOrCreateContext(), new Backlog(10));
    Arrivals arrivals = new Arrivals(router.context, router.backlog);
    arrivals.holdUntilStarted("telegram", List.of(router.turn("left-1"), router.turn("left-2")));
    arrivals.holdUntilStarted("slack", List.of(router.turn("slack-left")));
    arrivals.handOn("whatsapp", router.turn("whatsapp-new"));
    router.awaitReceived(vertx, 1);
    assertEquals(List.of("whatsapp-new"), router.received, "another channel's message does not start Telegram's leftovers");
    assertEquals(0, arrivals.waiting(), "held leftovers of a channel that is down do not count as waiting");

    // Telegram started late and mounted its webhooks: its first new message comes before the start is reported.
    arrivals.handOn("telegram", router.turn("telegram-new"));
    router.awaitReceived(vertx, 2);
    assertEquals("left-1", router.received.get(1), "Telegram's oldest leftover goes first");
    router.awaitReceived(vertx, 4);
    assertEquals(List.of("whatsapp-new", "left-1", "left-2", "telegram-new"), router.received,
        "the new message goes after the leftovers of its channel");
    arrivals.channelStarted("telegram");

    arrivals.channelStarted("slack");
    router.awaitReceived(vertx, 5);
    assertEquals("slack-left", router.received.get(4), "a start alone hands the held leftovers on");
    assertEquals(5, router.received.size(), "each leftover went on once");
  }

  @Test
  void aChannelWhoseRepliesPileUpWaitsAndTheOthersGoOn(Vertx vertx) {
    Router router = new Router(vertx.getOrCreateContext(), new Backlog(4));
    Arrivals arrivals = new Arrivals(router.context, router.backlog);
    // WhatsApp's API answers slowly: two replies, half of the limit, wait to be sent.
    Lanes whatsappReplies = onContext(router.context,
        () -> Future.succeededFuture(new Lanes(router.context, router.backlog.repliesOf("whatsapp")))).await();
    List<Promise<String>> sends = List.of(Promise.promise(), Promise.promise());
    onContext(router.context, () -> {
      sends.forEach(send -> whatsappReplies.run("chat-" + sends.indexOf(send), send::future));
      return Future.succeededFuture();
    });
    assertEquals(2, router.backlog.pending(), "the channel's replies count in the node's backlog too");

    arrivals.handOn("whatsapp", router.turn("whatsapp-message"));
    arrivals.handOn("telegram", router.turn("telegram-message"));
    router.awaitReceived(vertx, 1);
    assertEquals(List.of("telegram-message"), router.received, "room left, and Telegram's replies are under their share");
    assertEquals(1, arrivals.waiting(), "WhatsApp's message waits for its channel's replies");

    onContext(router.context, () -> {
      sends.get(0).complete("sent");
      return Future.succeededFuture();
    });
    router.awaitReceived(vertx, 2);
    assertEquals(List.of("telegram-message", "whatsapp-message"), router.received);
    assertEquals(0, arrivals.waiting());
  }

  /** What the router does with a message it receives: a turn in its lanes, counted in the backlog, finished by the test. */
  private static final class Router {

    final Context context;
    final Backlog backlog;
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger mostHeld = new AtomicInteger();
    private final List<Promise<String>> turns = new CopyOnWriteArrayList<>();
    private final Lanes lanes;

    Router(Context context, Backlog backlog) {
      this.context = context;
      this.backlog = backlog;
      this.lanes = onContext(context, () -> Future.succeededFuture(new Lanes(context, backlog))).await();
    }

    /** The hand-on of message {@code name}: it reaches the router on its context, as a bus send does. */
    Runnable turn(String name) {
      return () -> context.runOnContext(delivered -> {
        received.add(name);
        Promise<String> turn = Promise.promise();
        turns.add(turn);
        lanes.run(name, turn::future);
        mostHeld.accumulateAndGet(backlog.pending(), Math::max);
      });
    }

    void finish(int index) {
      Promise<String> turn = turns.get(index);
      onContext(context, () -> {
        turn.complete("answered");
        return Future.succeededFuture();
      });
    }

    /** Waits (on timers: nothing announces a hand-on) until {@code count} messages were received. */
    void awaitReceived(Vertx vertx, int count) {
      while (received.size() < count) {
        vertx.timer(5).await();
      }
    }
  }
}

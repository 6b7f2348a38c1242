package dev.switchboard.lanes;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lanes count what they hold in the node's backlog: every task from submission until it has finished, however it ends. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class BacklogTest {

  @Test
  void tasksCountFromSubmissionUntilTheyFinishSucceededOrFailed(Vertx vertx) {
    Backlog backlog = new Backlog(3);
    Context context = vertx.getOrCreateContext();
    List<Promise<String>> tasks = List.of(Promise.promise(), Promise.promise(), Promise.promise());
    Future<String> last = onContext(context, () -> {
      Lanes router = new Lanes(context, backlog);
      Lanes channel = new Lanes(context, 8, IllegalStateException::new, backlog);
      router.run("chat-1", tasks.get(0)::future);
      router.run("chat-1", tasks.get(1)::future);
      return channel.run("chat-2", tasks.get(2)::future);
    });
    assertEquals(3, backlog.pending(), "one running and one waiting in a lane, one in another lanes of the node");
    assertEquals(0, backlog.room(), "full at its limit");

    onContext(context, () -> {
      tasks.get(0).complete("answered");
      tasks.get(2).fail("the platform refused it");
      return Future.succeededFuture();
    });
    assertThrows(RuntimeException.class, last::await);
    awaitPending(vertx, backlog, 1);
    assertEquals(2, backlog.room());

    onContext(context, () -> {
      tasks.get(1).complete("answered");
      return Future.succeededFuture();
    });
    awaitPending(vertx, backlog, 0);
  }

  @Test
  void aTaskRefusedByAFullLaneIsNotCounted(Vertx vertx) {
    Backlog backlog = new Backlog(10);
    Context context = vertx.getOrCreateContext();
    Future<String> refused = onContext(context, () -> {
      Lanes lanes = new Lanes(context, 1, () -> new IllegalStateException("lane full"), backlog);
      lanes.run("chat", Promise.<String>promise()::future);
      return lanes.run("chat", () -> Future.succeededFuture("never runs"));
    });
    assertThrows(IllegalStateException.class, refused::await);
    assertEquals(1, backlog.pending());
  }

  @Test
  void aChannelsRepliesCountInTheirPartAndInTheWhole(Vertx vertx) {
    Backlog backlog = new Backlog(4);
    Context context = vertx.getOrCreateContext();
    Promise<String> send = Promise.promise();
    onContext(context, () -> {
      Lanes replies = new Lanes(context, backlog.repliesOf("slack"));
      replies.run("chat-1", () -> Future.succeededFuture("sent"));
      return replies.run("chat-2", send::future);
    });
    awaitPending(vertx, backlog, 1);
    assertEquals(1, backlog.repliesOf("slack").pending());
    assertTrue(backlog.repliesUnderShare("slack"), "one of a share of two");
    assertTrue(backlog.repliesUnderShare("telegram"), "a channel with no replies yet");
    Promise<String> another = Promise.promise();
    onContext(context, () -> new Lanes(context, backlog.repliesOf("slack")).run("chat-3", another::future));
    assertFalse(backlog.repliesUnderShare("slack"), "two replies hold half of the limit");
    assertEquals(2, backlog.pending());
    onContext(context, () -> {
      send.complete("sent");
      another.complete("sent");
      return Future.succeededFuture();
    });
    awaitPending(vertx, backlog, 0);
    assertEquals(0, backlog.repliesOf("slack").pending());
  }

  @Test
  void aBacklogHoldsAtLeastOneTurn() {
    assertThrows(IllegalArgumentException.class, () -> new Backlog(0));
  }

  static <T> Future<T> onContext(Context context, java.util.function.Supplier<Future<T>> work) {
    Promise<Future<T>> started = Promise.promise();
    context.runOnContext(v -> started.complete(work.get()));
    return started.future().await();
  }

  static void awaitPending(Vertx vertx, Backlog backlog, int expected) {
    // The lanes count a finished task down on their context, after the outcome is handed on.
    while (backlog.pending() != expected) {
      vertx.timer(5).await();
    }
  }
}

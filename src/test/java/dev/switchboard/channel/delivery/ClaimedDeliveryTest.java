package dev.switchboard.channel.delivery;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.store.ClaimedChunks;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's sending from the shared outbox, on a real store: what it claims it sends once, and once it
 * has given its claims back (a drain that ran out of time) it claims nothing more, so that the replies
 * written while it closes are sent by another node at once rather than after this node's lease. A reply
 * that fails for good fails alone, and a chat stays with its node for as long as that node may still
 * send to it, however long the platform makes it wait, and no longer.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClaimedDeliveryTest {

  /** Long enough that a chat held by the stopping node would visibly not come back during a test. */
  private static final Duration LEASE = Duration.ofSeconds(30);

  private Vertx vertx;
  private Context context;
  private SqliteStore store;
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final Promise<OutboxChunk> lastSent = Promise.promise();
  private ClaimedDelivery delivery;
  /** What the platform was asked to send, by which node, and what it answered. */
  private final List<String> platform = new CopyOnWriteArrayList<>();
  private final List<ClaimedDelivery> nodes = new ArrayList<>();

  @BeforeEach
  void start(@TempDir Path dir) {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await();
    delivery = new ClaimedDelivery(vertx, "telegram", store.outboxClaims(), "stopping-node", LEASE,
        (chunk, permit) -> {
          sent.add(chunk.text());
          return Future.succeededFuture("m-" + chunk.sequence());
        },
        new ClaimedDelivery.Outcomes() {
          @Override
          public void sent(OutboxChunk last) {
            lastSent.tryComplete(last);
          }

          @Override
          public void failed(List<OutboxChunk> chunks, int index, Throwable failure) {
            lastSent.tryFail(failure);
          }
        });
  }

  @AfterEach
  void stop() throws Exception {
    onContext(() -> {
      delivery.stop();
      nodes.forEach(ClaimedDelivery::stop);
      return Future.succeededFuture();
    });
    store.close().await();
    vertx.close().await();
  }

  @Test
  void aReplyWrittenToTheOutboxIsClaimedAndSentOnceInOrder() throws Exception {
    onContext(() -> {
      delivery.start();
      return Future.succeededFuture();
    });
    write("1", List.of("first part", "second part"));
    onContext(() -> {
      delivery.claim();
      return Future.succeededFuture();
    });

    assertEquals("second part", lastSent.future().await(10, TimeUnit.SECONDS).text());
    assertEquals(List.of("first part", "second part"), sent);
    assertEquals(List.of(), store.outbox().pending("telegram").await());
  }

  @Test
  void afterGivingItsClaimsBackANodeClaimsNoReplyAndAnotherNodeTakesItAtOnce() throws Exception {
    onContext(() -> {
      delivery.start();
      return delivery.release();
    });
    write("1", List.of("written while the node closes"));
    // The notification that chunks were written still reaches a node that is leaving the cluster.
    onContext(() -> {
      delivery.claim();
      return Future.succeededFuture();
    });

    // The store runs its writes in order: a claim by the stopping node would have come first.
    List<ClaimedChunks> taken = store.outboxClaims().claimChunks("node-b", "telegram", LEASE, 10).await();
    assertEquals(List.of("written while the node closes"), texts(taken));
    assertEquals(List.of(), sent, "the stopping node sent nothing");
  }

  @Test
  void aClaimAnsweredAfterTheClaimsWereGivenBackIsGivenBackToo() throws Exception {
    write("1", List.of("claimed as the drain ran out"));
    onContext(() -> {
      delivery.claim(); // in flight when the claims are given back
      return delivery.release();
    });

    List<ClaimedChunks> taken = awaitClaimedBy("node-b");
    assertEquals(List.of("claimed as the drain ran out"), texts(taken));
    assertEquals(List.of(), sent, "the stopping node sent nothing");
  }

  @Test
  void aReplyThatFailsForGoodFailsAloneAndTheChatsNextReplyIsStillSent() throws Exception {
    write("1", List.of("first part", "bad part", "last part"));
    write("2", List.of("the next reply"));
    Reports reports = new Reports();
    ClaimedDelivery node = node("node-a", LEASE, reports, (chunk, permit) -> {
      platform.add(chunk.text());
      return chunk.text().startsWith("bad")
          ? Future.failedFuture("400 Bad Request: can't parse entities")
          : Future.succeededFuture("m-" + chunk.id());
    });

    onContext(node::drain);

    assertEquals(List.of("first part", "bad part", "the next reply"), platform);
    assertEquals(List.of("telegram:1 failed at 1 of [first part, bad part, last part]: "
        + "400 Bad Request: can't parse entities"), reports.failed);
    assertEquals(List.of("telegram:2"), reports.sent);
    assertEquals(List.of(), store.outbox().pending("telegram").await(),
        "the failed reply's last part is marked failed");
  }

  @Test
  void aChatWaitingOutARetryAfterLongerThanTheLeaseStaysWithItsNodeAndIsSentOnce() throws Exception {
    Duration lease = Duration.ofSeconds(1);
    Reports reportsA = new Reports();
    ClaimedDelivery nodeA = node("node-a", lease, reportsA, rateLimitedOnce("node-a", 3_000, null));
    ClaimedDelivery nodeB = node("node-b", lease, new Reports(), acceptingAll("node-b"));
    write("1", List.of("the answer"));

    onContext(() -> {
      nodeA.claim();
      return Future.succeededFuture();
    });
    awaitUntil(() -> !platform.isEmpty(), "node-a tried to send");
    on(vertx.getOrCreateContext(), () -> {
      nodeB.start();
      return Future.succeededFuture();
    });
    awaitUntil(() -> platform.stream().anyMatch(sent -> sent.endsWith("accepted")), "the platform accepted the reply");

    assertEquals(List.of("node-a: 429", "node-a: accepted"), platform, "node-b never had the chat");
    awaitUntil(() -> !reportsA.sent.isEmpty(), "node-a reported the reply sent");
    assertEquals(List.of("telegram:1"), reportsA.sent);
    assertEquals(List.of(), store.outbox().pending("telegram").await());
  }

  @Test
  void aSendWaitingToRetryIsNotRetriedOnceItsChatWasTakenOver() throws Exception {
    Promise<String> sendOfA = Promise.promise();
    Reports reportsA = new Reports();
    ClaimedDelivery nodeA = node("node-a", LEASE, reportsA, rateLimitedOnce("node-a", 1_000, sendOfA));
    Reports reportsB = new Reports();
    ClaimedDelivery nodeB = node("node-b", LEASE, reportsB, acceptingAll("node-b"));
    write("1", List.of("the answer"));

    onContext(() -> {
      nodeA.claim();
      return Future.succeededFuture();
    });
    awaitUntil(() -> !platform.isEmpty(), "node-a tried to send");
    // node-a gives its chat back while it waits out the 429, and node-b takes it over and sends it.
    onContext(nodeA::release);
    on(vertx.getOrCreateContext(), () -> {
      nodeB.claim();
      return Future.succeededFuture();
    });

    Throwable stopped = failureOf(sendOfA.future());
    assertInstanceOf(SendPermit.Withdrawn.class, stopped);
    assertEquals(List.of("node-a: 429", "node-b: accepted"), platform);
    assertEquals(List.of("telegram:1"), reportsB.sent);
    assertEquals(List.of(), reportsA.sent);
    assertEquals(List.of(), reportsA.failed, "a chunk this node no longer holds did not fail");
  }

  /** A node of the same cluster on the same store, stopped after the test. */
  private ClaimedDelivery node(String owner, Duration lease, Reports reports,
                               BiFunction<OutboxChunk, SendPermit, Future<String>> send) {
    ClaimedDelivery node = new ClaimedDelivery(vertx, "telegram", store.outboxClaims(), owner, lease, send, reports);
    nodes.add(node);
    return node;
  }

  /**
   * A platform behind the channel's retries that answers the first send with a 429 asking to wait
   * {@code retryAfterMs}, and accepts every one after it; {@code outcome}, when given, gets the send's end.
   */
  private BiFunction<OutboxChunk, SendPermit, Future<String>> rateLimitedOnce(String node, long retryAfterMs,
                                                                              Promise<String> outcome) {
    RetryLoop retries = new RetryLoop(vertx, "telegram", new RetryPolicy(3, 10, 100, 60_000));
    return (chunk, permit) -> {
      Future<String> sent = retries.run("sendMessage", permit, () -> {
        boolean first = platform.isEmpty();
        platform.add(node + (first ? ": 429" : ": accepted"));
        return first ? Future.failedFuture("429 Too Many Requests") : Future.succeededFuture("m-" + chunk.id());
      }, failure -> Retryability.after(retryAfterMs));
      return outcome == null ? sent : sent.onComplete(outcome);
    };
  }

  private BiFunction<OutboxChunk, SendPermit, Future<String>> acceptingAll(String node) {
    return (chunk, permit) -> {
      platform.add(node + ": accepted");
      return Future.succeededFuture("m-" + chunk.id());
    };
  }

  /** What a node reported: the replies sent, by message, and the ones that failed. */
  private static final class Reports implements ClaimedDelivery.Outcomes {

    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();

    @Override
    public void sent(OutboxChunk last) {
      sent.add(last.inboundId());
    }

    @Override
    public void failed(List<OutboxChunk> chunks, int index, Throwable failure) {
      failed.add(chunks.get(index).inboundId() + " failed at " + index + " of "
          + chunks.stream().map(OutboxChunk::text).toList() + ": " + failure.getMessage());
    }
  }

  private void awaitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
      vertx.timer(20).await();
    }
  }

  private static Throwable failureOf(Future<?> future) throws Exception {
    Promise<Throwable> failure = Promise.promise();
    future.onComplete(done -> failure.complete(done.failed() ? done.cause() : null));
    Throwable cause = failure.future().await(10, TimeUnit.SECONDS);
    assertTrue(cause != null, "the send did not fail");
    return cause;
  }

  private void write(String messageId, List<String> chunks) {
    InboundMessage message = new InboundMessage("telegram:" + messageId, "telegram", "bot1", "100", ChatType.DM,
        "100", "Ann", null, "question " + messageId, System.currentTimeMillis(), null);
    store.outbox().enqueue(message.id(), "telegram", Reply.to(message, String.join("\n\n", chunks), null, null),
        chunks).await();
  }

  /** Claims as {@code owner} until a chat comes; the stopping node's release is written after its claim. */
  private List<ClaimedChunks> awaitClaimedBy(String owner) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<ClaimedChunks> taken = store.outboxClaims().claimChunks(owner, "telegram", LEASE, 10).await();
      if (!taken.isEmpty()) {
        return taken;
      }
      assertTrue(System.nanoTime() < deadline, "no chat came back within 10 s");
      vertx.timer(20).await();
    }
  }

  private static List<String> texts(List<ClaimedChunks> claims) {
    return claims.stream().flatMap(claim -> claim.chunks().stream()).map(OutboxChunk::text).toList();
  }

  /** ClaimedDelivery is confined to its channel's context, as in a running node. */
  private <T> T onContext(Supplier<Future<T>> action) throws Exception {
    return on(context, action);
  }

  private static <T> T on(Context context, Supplier<Future<T>> action) throws Exception {
    Promise<T> done = Promise.promise();
    context.runOnContext(ignored -> action.get().onComplete(done));
    return done.future().await(10, TimeUnit.SECONDS);
  }
}

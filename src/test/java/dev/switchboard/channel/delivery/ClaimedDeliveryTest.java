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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's sending from the shared outbox, on a real store: what it claims it sends once, and once it
 * has given its claims back (a drain that ran out of time) it claims nothing more, so that the replies
 * written while it closes are sent by another node at once rather than after this node's lease.
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

  @BeforeEach
  void start(@TempDir Path dir) {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await();
    delivery = new ClaimedDelivery(vertx, "telegram", store.outboxClaims(), "stopping-node", LEASE,
        chunk -> {
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
    Promise<T> done = Promise.promise();
    context.runOnContext(ignored -> action.get().onComplete(done));
    return done.future().await(10, TimeUnit.SECONDS);
  }
}

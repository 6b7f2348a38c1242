package dev.switchboard.channel.delivery;

import dev.switchboard.store.ClaimedChunks;
import dev.switchboard.store.LeaseKeeper;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.OutboxClaims;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A channel's sending in a cluster: pending reply chunks are claimed from the shared outbox, one chat
 * per claim, so that each chunk is sent by one node and a chat's chunks in order. The claim's lease is
 * renewed for as long as its chat is being sent, however long the platform's pace and retries take,
 * so that no other node takes the chat meanwhile; it is renewed once more right before each chunk and
 * before each attempt that follows a wait or another call ({@link SendPermit}), and a chunk is marked
 * sent under it. A node whose claim was taken over anyway (it was paused past its lease, or gave its
 * chats back) stops before sending. Polls every {@link #POLL_MS} and at once when told that chunks
 * were written. Confined to the channel's context.
 */
public final class ClaimedDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimedDelivery.class);
  static final long POLL_MS = 250;
  private static final int MAX_CHATS = 32;

  private final Vertx vertx;
  private final String channel;
  private final OutboxClaims claims;
  private final String owner;
  private final Duration lease;
  private final BiFunction<OutboxChunk, SendPermit, Future<String>> send;
  private final Outcomes outcomes;
  private boolean claiming;
  private boolean again;
  private long timer = -1;
  /** The tokens of the chats being sent here. */
  private final Set<Long> held = new HashSet<>();
  private boolean draining;
  private boolean lastClaim;
  /**
   * The claims were given back: this node claims nothing more. It may stay in the cluster for a while
   * as it closes, and a chat claimed then would wait for its lease, unsent.
   */
  private boolean givenBack;
  private final Promise<Void> drained = Promise.promise();

  /** @param send sends one chunk, asking the permit again before each attempt after a wait or another call */
  public ClaimedDelivery(Vertx vertx, String channel, OutboxClaims claims, String owner, Duration lease,
                  BiFunction<OutboxChunk, SendPermit, Future<String>> send, Outcomes outcomes) {
    this.vertx = vertx;
    this.channel = channel;
    this.claims = claims;
    this.owner = owner;
    this.lease = lease;
    this.send = send;
    this.outcomes = outcomes;
  }

  /** What the channel tells listeners about a reply or send, whichever node delivers it. */
  public interface Outcomes {

    /** The last chunk of a reply or send was accepted and marked sent. */
    void sent(OutboxChunk last);

    /** The chunk at {@code index} of one reply's or send's {@code chunks} failed for good. */
    void failed(List<OutboxChunk> chunks, int index, Throwable failure);
  }

  public void start() {
    timer = vertx.setPeriodic(POLL_MS, tick -> claim());
    claim();
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /**
   * The node is stopping: one last claim (it takes the replies this node's last turns just wrote, so
   * that they go out now rather than after a lease), then no more; completes once the chats being sent
   * here are done.
   */
  public Future<Void> drain() {
    vertx.cancelTimer(timer);
    draining = true;
    lastClaim = true;
    claim();
    return drained.future();
  }

  /**
   * Gives back the chats still being sent (the drain ran out of time) for another node to send at
   * once; this node's next renewal then fails, and it sends no more of them. Nothing
   * is claimed here after this.
   */
  public Future<Void> release() {
    vertx.cancelTimer(timer);
    givenBack = true;
    List<Future<Boolean>> released = new ArrayList<>();
    for (long token : held) {
      released.add(claims.release(token));
    }
    return Future.join(released).mapEmpty();
  }

  public void claim() {
    if (givenBack || draining && !lastClaim) {
      return;
    }
    if (claiming) {
      again = true;
      return;
    }
    lastClaim = false;
    claiming = true;
    claims.claimChunks(owner, channel, lease, MAX_CHATS).onComplete(claimed -> {
      claiming = false;
      if (claimed.failed()) {
        LOG.warn("{}: cannot claim reply chunks from the store, trying again: {}", channel,
            claimed.cause().getMessage());
        settleDrain();
        return;
      }
      if (givenBack) {
        // Answered after the claims were given back: these go back too.
        claimed.result().forEach(chat -> claims.release(chat.token()));
        return;
      }
      claimed.result().forEach(chat -> {
        held.add(chat.token());
        LeaseKeeper keeper = LeaseKeeper.start(vertx, lease, () -> claims.renew(chat.token(), lease),
            () -> LOG.warn("{}: chat {} was taken over by another node; this node sends no more of it", channel,
                chat.chunks().get(0).chatId()));
        send(chat, keeper, 0).onComplete(done -> {
          keeper.end();
          held.remove(chat.token());
          settleDrain();
        });
      });
      if (again || claimed.result().size() == MAX_CHATS) {
        again = false;
        claim();
      }
      settleDrain();
    });
  }

  private void settleDrain() {
    if (draining && !claiming && held.isEmpty()) {
      drained.tryComplete();
    }
  }

  /** Sends the chat's chunks from {@code index} on, each after the one before it was accepted and marked. */
  private Future<Void> send(ClaimedChunks chat, LeaseKeeper keeper, int index) {
    List<OutboxChunk> chunks = chat.chunks();
    if (index == chunks.size()) {
      return Future.succeededFuture();
    }
    OutboxChunk chunk = chunks.get(index);
    return keeper.renew().compose(held -> {
      if (!held) {
        return Future.succeededFuture();
      }
      return attempt(chunk, keeper::renew).transform(sent -> {
        if (sent.succeeded()) {
          return claims.markSent(chat.token(), chunk.id(), sent.result()).compose(marked -> {
            if (index + 1 == chunks.size() || !sameReply(chunks.get(index + 1), chunk)) {
              outcomes.sent(chunk);
            }
            return send(chat, keeper, index + 1);
          });
        }
        if (sent.cause() instanceof SendPermit.Withdrawn || !keeper.held()) {
          // Not a failure of the reply: the node that holds the chat now, or claims it next, sends the chunk.
          return Future.failedFuture(sent.cause());
        }
        return giveUp(chat, keeper, index, sent.cause());
      });
    }).recover(failure -> {
      // Unfinished: the claim's lease runs out and the chunks are claimed again.
      LOG.warn("{}: sending the reply to {} stopped, it is claimed again after its lease: {}", channel,
          chunk.inboundId(), failure.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<String> attempt(OutboxChunk chunk, SendPermit permit) {
    try {
      return send.apply(chunk, permit);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * The chunk at {@code index} failed for good: it and the rest of its reply are marked failed and the
   * reply reported failed, as on one node. The claim holds all of the chat's pending chunks, and the
   * replies after this one are not this one's: they are sent next.
   */
  private Future<Void> giveUp(ClaimedChunks chat, LeaseKeeper keeper, int index, Throwable failure) {
    List<OutboxChunk> chunks = chat.chunks();
    OutboxChunk failed = chunks.get(index);
    int first = index;
    while (first > 0 && sameReply(chunks.get(first - 1), failed)) {
      first--;
    }
    int next = index + 1;
    while (next < chunks.size() && sameReply(chunks.get(next), failed)) {
      next++;
    }
    outcomes.failed(chunks.subList(first, next), index - first, failure);
    String reason = String.valueOf(failure.getMessage());
    Future<Boolean> marked = claims.markFailed(chat.token(), failed.id(), reason);
    for (OutboxChunk rest : chunks.subList(index + 1, next)) {
      marked = marked.compose(ok -> claims.markFailed(chat.token(), rest.id(),
          "not sent: chunk " + failed.sequence() + " failed: " + reason));
    }
    int following = next;
    return marked.compose(ok -> send(chat, keeper, following));
  }

  private static boolean sameReply(OutboxChunk one, OutboxChunk other) {
    return one.inboundId().equals(other.inboundId());
  }
}

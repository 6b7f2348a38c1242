package dev.switchboard.channel.delivery;

import dev.switchboard.store.ClaimedChunks;
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
import java.util.function.Function;

/**
 * A channel's sending in a cluster: pending reply chunks are claimed from the shared outbox, one chat
 * per claim, so that each chunk is sent by one node and a chat's chunks in order. The claim is renewed
 * right before each send and a chunk is marked sent under it; a node whose claim was taken over (it
 * was paused, or another node took a dead node's chats) stops before sending. Polls every
 * {@link #POLL_MS} and at once when told that chunks were written. Confined to the channel's context.
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
  private final Function<OutboxChunk, Future<String>> send;
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

  public ClaimedDelivery(Vertx vertx, String channel, OutboxClaims claims, String owner, Duration lease,
                  Function<OutboxChunk, Future<String>> send, Outcomes outcomes) {
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
   * once; this node's renewal before its next chunk then fails, and it sends no more of them. Nothing
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
        send(chat, 0).onComplete(done -> {
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
  private Future<Void> send(ClaimedChunks chat, int index) {
    List<OutboxChunk> chunks = chat.chunks();
    if (index == chunks.size()) {
      return Future.succeededFuture();
    }
    OutboxChunk chunk = chunks.get(index);
    return claims.renew(chat.token(), lease).compose(held -> {
      if (!held) {
        LOG.warn("{}: the chat of {} was taken over by another node; this node sends no more of it", channel,
            chunk.inboundId());
        return Future.succeededFuture();
      }
      return attempt(chunk).transform(sent -> sent.succeeded()
          ? claims.markSent(chat.token(), chunk.id(), sent.result()).compose(marked -> {
            if (index + 1 == chunks.size() || !chunks.get(index + 1).inboundId().equals(chunk.inboundId())) {
              outcomes.sent(chunk);
            }
            return send(chat, index + 1);
          })
          : giveUp(chat, index, sent.cause()));
    }).recover(failure -> {
      // Unfinished: the claim's lease runs out and the chunks are claimed again.
      LOG.warn("{}: sending the reply to {} stopped, it is claimed again after its lease: {}", channel,
          chunk.inboundId(), failure.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<String> attempt(OutboxChunk chunk) {
    try {
      return send.apply(chunk);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> giveUp(ClaimedChunks chat, int index, Throwable failure) {
    List<OutboxChunk> chunks = chat.chunks();
    String failedId = chunks.get(index).inboundId();
    List<OutboxChunk> message = chunks.stream().filter(chunk -> chunk.inboundId().equals(failedId)).toList();
    outcomes.failed(message, message.indexOf(chunks.get(index)), failure);
    Future<Boolean> marked = Future.succeededFuture(true);
    for (OutboxChunk rest : chunks.subList(index, chunks.size())) {
      marked = marked.compose(ok -> claims.markFailed(chat.token(), rest.id(), String.valueOf(failure.getMessage())));
    }
    return marked.mapEmpty();
  }
}

package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Reply;
import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.format.TextChunker;
import dev.switchboard.store.BotAnswer;
import dev.switchboard.store.ChunkedReply;
import dev.switchboard.store.ClaimedTurn;
import dev.switchboard.store.HandoverDecision;
import dev.switchboard.store.HistoryChange;
import dev.switchboard.store.InboxClaims;
import dev.switchboard.store.KeptForPerson;
import dev.switchboard.store.LeaseKeeper;
import dev.switchboard.store.ModeChange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The router's turns in a cluster: claimed from the shared inbox, so that exactly one node runs each
 * turn and the turns of a session never overlap anywhere and keep their order (the store's claims
 * give that, DESIGN.md §10). A claim is renewed while its turn runs; the reply, after the notes about
 * the turn's files, is written to the outbox, and the turn to the session's history, in the same fenced
 * transaction that finishes the messages, then any node running the channel is told to send it. A node
 * whose claim was taken over (it was paused past its lease, or the drain gave it back) writes, and so
 * sends, nothing. Polls every {@link #POLL_MS}, and at once when a channel says a message arrived.
 * Confined to the router's context.
 */
final class ClaimedTurns {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimedTurns.class);
  static final long POLL_MS = 250;
  private static final int MAX_RUNNING = 64;
  /**
   * Decisions on one claim's messages kept for a person, as the mode kept moving under them: an operator
   * who keeps writing in the chat cannot hold a claimed turn forever.
   */
  static final int MAX_DECISIONS = 3;

  private final Vertx vertx;
  private final InboxClaims claims;
  private final String owner;
  private final Duration lease;
  private final Map<String, Integer> chunkLimits;
  /** Answers each turn, and publishes the replies written. */
  private final ChatReplies answering;
  /** Told what each written answer did to its session's handover. */
  private final HandoverTurns handover;
  /** The tokens of the turns running here. */
  private final Set<Long> running = new HashSet<>();
  private final List<Promise<Void>> awaitingIdle = new ArrayList<>();
  private boolean draining;
  private boolean claiming;
  private boolean again;
  private long timer = -1;

  ClaimedTurns(Vertx vertx, InboxClaims claims, String owner, Duration lease, Map<String, Integer> chunkLimits,
               ChatReplies answering, HandoverTurns handover) {
    this.vertx = vertx;
    this.claims = claims;
    this.owner = owner;
    this.lease = lease;
    this.chunkLimits = chunkLimits;
    this.answering = answering;
    this.handover = handover;
  }

  /**
   * What a turn ran to: the part of the claim it answered (all of it, or the messages up to a chat
   * command, see {@link ClaimedTurn#firstOf}), the notes about its files that go before its reply (what
   * could not be read, a transcript's echo), its reply (null when the messages were kept for a person),
   * its change to the session's history and what it decided about the session's handover (null for
   * nothing): the human mode it stores when a user asked for a person (the reply then tells the user so),
   * the messages kept for a person ({@link KeptForPerson}), or the bot's answer ({@link BotAnswer}). All is
   * written only if the claim still holds, the mode only if no one changed it since the turn read it, a
   * kept turn only if the mode is still as it read it (else the turn is decided again), and the bot's answer
   * only if no person took the session since (else the messages are kept for them).
   */
  record Answer(ClaimedTurn turn, List<Reply> notes, Reply reply, HistoryChange history,
                HandoverDecision handover) {
  }

  void start() {
    timer = vertx.setPeriodic(POLL_MS, tick -> claim());
    claim();
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /**
   * The node is stopping: claims no more turns and completes once the turns running here are
   * finished (answered, so that their replies are in the outbox), or at once when none runs.
   */
  Future<Void> drain() {
    draining = true;
    vertx.cancelTimer(timer);
    if (running.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> idle = Promise.promise();
    awaitingIdle.add(idle);
    return idle.future();
  }

  /**
   * Gives back the claims of the turns still running (the drain ran out of time), so that another
   * node claims them at once rather than after the lease. Fencing still holds: this node's late
   * answer names a token the inbox no longer has, and writes nothing.
   */
  Future<Void> release() {
    List<Future<Boolean>> released = new ArrayList<>();
    for (long token : running) {
      released.add(claims.release(token));
    }
    if (!released.isEmpty()) {
      LOG.info("draining: gave back {} unfinished turn(s) for another node to answer", released.size());
    }
    return Future.join(released).mapEmpty();
  }

  /** Claims what is free, up to the turns this node may still run; called again when a claim ran full. */
  void claim() {
    if (draining) {
      return;
    }
    if (claiming) {
      again = true;
      return;
    }
    int room = MAX_RUNNING - running.size();
    if (room <= 0) {
      return;
    }
    claiming = true;
    claims.claimTurns(owner, lease, room).onComplete(claimed -> {
      claiming = false;
      if (claimed.succeeded() && draining) {
        // Claimed while the drain began: given back at once, for another node.
        claimed.result().forEach(turn -> claims.release(turn.token()));
        return;
      }
      if (claimed.failed()) {
        LOG.warn("cannot claim turns from the store, trying again: {}", claimed.cause().getMessage());
        return;
      }
      claimed.result().forEach(this::run);
      if (again || claimed.result().size() == room) {
        again = false;
        claim();
      }
    });
  }

  private void run(ClaimedTurn claimed) {
    running.add(claimed.token());
    LeaseKeeper keeper = LeaseKeeper.start(vertx, lease, () -> claims.renew(claimed.token(), lease),
        () -> LOG.warn("session {}: the claim on its turn was taken over; this node's answer will be dropped",
            claimed.sessionKey()));
    answering.read(claimed).compose(read -> answer(read, 1)).onComplete(done -> {
      keeper.end();
      running.remove(claimed.token());
      if (running.isEmpty() && !awaitingIdle.isEmpty()) {
        List<Promise<Void>> idle = List.copyOf(awaitingIdle);
        awaitingIdle.clear();
        idle.forEach(Promise::complete);
      }
      if (done.failed()) {
        // Unfinished: the lease runs out and a node (maybe this one) claims the turn again.
        LOG.warn("session {}: turn not finished, it is claimed again after its lease: {}", claimed.sessionKey(),
            done.cause().getMessage());
      }
      claim();
    });
  }

  /**
   * Decides on the turn's messages as read, and writes the answer. Messages kept for a person while an
   * operator changed the mode, or only wrote in the chat, are decided on again under the same claim, as
   * read: reading them again would download and transcribe their files again, and a platform's link to a
   * file may have expired meanwhile. Past {@link #MAX_DECISIONS} the claim is given back, and the turn runs
   * again from its start.
   */
  private Future<Void> answer(ChatReplies.FirstTurn read, int decision) {
    ClaimedTurn claimed = read.turn();
    return answering.replyTo(read).compose(this::finish).compose(keptTooLate -> {
      if (!keptTooLate) {
        return Future.succeededFuture();
      }
      if (decision < MAX_DECISIONS) {
        LOG.info("session {}: its mode changed while its messages were kept for a person; decided again",
            claimed.sessionKey());
        return answer(read, decision + 1);
      }
      LOG.info("session {}: its mode kept changing while its messages were kept for a person; the turn runs again",
          claimed.sessionKey());
      return claims.release(claimed.token()).mapEmpty();
    });
  }

  /** Writes the turn's answer: true when nothing was, the messages being kept for a person too late. */
  private Future<Boolean> finish(Answer answer) {
    ClaimedTurn claimed = answer.turn();
    Reply reply = answer.reply();
    String channel = claimed.last().channel();
    TextChunker chunker = new TextChunker(chunkLimits.getOrDefault(channel, ChannelOptions.DEFAULT_TEXT_CHUNK_LIMIT));
    Function<Reply, ChunkedReply> chunked = each -> new ChunkedReply(each, chunker.split(each.text()));
    List<ChunkedReply> notes = answer.notes().stream().map(chunked).toList();
    ChunkedReply replied = reply == null ? null : chunked.apply(reply);
    return claims.answer(claimed, answer.history(), answer.handover(), notes, replied).map(written -> {
      if (written.isEmpty()) {
        LOG.warn("session {}: another node took the turn over; this node's answer is not sent, nor kept in the"
            + " history", claimed.sessionKey());
        return false;
      }
      if (written.get().keptTooLate()) {
        return true;
      }
      if (written.get().answerWithheld()) {
        handover.answerWithheld(claimed.sessionKey());
        answering.withhold(channel, reply);
      } else if (reply != null) {
        answering.announce(channel, claimed.sessionKey(), reply);
      }
      if (reply != null || !notes.isEmpty()) {
        // Every node's channel looks for chunks to claim, and the one showing "typing…" in the chat
        // (this node's, from the turn's start) stops it once the reply is on its way, or withheld.
        vertx.eventBus().publish(Addresses.outbox(channel), reply == null ? null : reply.withoutText().toJson());
      }
      if (written.get().modeChanged()) {
        handover.handedOver(claimed.sessionKey());
      } else if (answer.handover() instanceof ModeChange) {
        LOG.info("session {}: asked for a person, but an operator changed its mode meanwhile; theirs stands",
            claimed.sessionKey());
      }
      return false;
    });
  }
}

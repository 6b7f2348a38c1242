package dev.switchboard.lanes;

import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's way from an accepted (journaled) message to the router. A message goes on at once while
 * the {@link Backlog} has room, its channel's replies hold less than their share
 * ({@link Backlog#repliesUnderShare}) and nothing of its channel waits before it; otherwise it waits
 * here, in arrival order, and goes on as turns and replies finish. A node so keeps answering its
 * platforms 200 through a burst (Slack, for one, re-sends an event only three times), holding in
 * memory the few hundred bytes of a waiting message rather than a running turn and its reply. At most
 * {@link Backlog#limit()} wait: past that, {@link #acceptsNew()} is false and a channel answers 503
 * without journaling.
 *
 * <p>One queue per channel, taken in turn: order matters within a session, so within a channel, and a
 * platform whose API answers slowly holds back its own channel's messages, not the others'.
 *
 * <p>Shared by the channels' contexts and the start's replay, so its queues are guarded by this
 * object's lock: the check "nothing waits and there is room" and the hand-on must be one step, or a
 * new message could overtake a waiting one of its session. Handing on is an event-bus send, which
 * never blocks.
 */
public final class Arrivals {

  private static final Logger LOG = LoggerFactory.getLogger(Arrivals.class);
  /** How soon the waiting messages are looked at again while the backlog is full, in milliseconds. */
  public static final long RETRY_MS = 20;

  /** Where the retry timer runs: a context that lives as long as the node (a timer dies with its context). */
  private final Context owner;
  private final Backlog backlog;
  /** Per channel, hand-ons of accepted messages, oldest first; the channel served last moves to the end. Guarded by {@code this}. */
  private final Map<String, Deque<Runnable>> waiting = new LinkedHashMap<>();
  /**
   * Per channel not running yet, the leftovers of the last stop it will answer once it starts; they
   * count in neither {@link #waitingCount} nor the backlog, since a channel may stay down for long.
   * Guarded by {@code this}.
   */
  private final Map<String, List<Runnable>> held = new LinkedHashMap<>();
  /** How many hand-ons {@link #waiting} holds; guarded by {@code this}. */
  private int waitingCount;
  /** Whether a timer will look at {@link #waiting} again; guarded by {@code this}. */
  private boolean retryArmed;
  private final AtomicLong refused = new AtomicLong();

  /** @param owner the context the retry timer runs on; it must live as long as the node */
  public Arrivals(Context owner, Backlog backlog) {
    this.owner = owner;
    this.backlog = backlog;
  }

  public Backlog backlog() {
    return backlog;
  }

  /** Whether a new message may be accepted: fewer than {@link Backlog#limit()} wait. */
  public synchronized boolean acceptsNew() {
    return waitingCount < backlog.limit();
  }

  /** A message was refused because {@link #acceptsNew()} was false (its webhook got a 503). */
  public void countRefused() {
    refused.incrementAndGet();
  }

  /** Messages refused since the start. */
  public long refused() {
    return refused.get();
  }

  /** Accepted messages waiting for room. */
  public synchronized int waiting() {
    return waitingCount;
  }

  /**
   * Hands an accepted message of {@code channel} on now, if nothing of its channel waits before it, the
   * backlog has room and the channel's replies are under their share; else it waits its turn.
   */
  public synchronized void handOn(String channel, Runnable toRouter) {
    releaseHeld(channel);
    Deque<Runnable> queue = waiting.get(channel);
    if (queue == null && backlog.room() > 0 && backlog.repliesUnderShare(channel)) {
      toRouter.run();
      return;
    }
    waiting.computeIfAbsent(channel, name -> new ArrayDeque<>()).add(toRouter);
    waitingCount++;
    armRetry();
  }

  /**
   * Messages of {@code channel} accepted before the last stop: they wait, in this order, ahead of any
   * of the channel accepted later, and go on no faster than there is room (a crash under load may
   * leave thousands).
   */
  public synchronized void handOnLater(String channel, List<Runnable> toRouter) {
    if (toRouter.isEmpty()) {
      return;
    }
    waiting.computeIfAbsent(channel, name -> new ArrayDeque<>()).addAll(toRouter);
    waitingCount += toRouter.size();
    armRetry();
  }

  /**
   * Leftovers of {@code channel}, a channel that is not running (it retries its start): they wait
   * aside until {@link #channelStarted} or the channel's first new message, whichever comes first, and
   * then go ahead of it. Between the moment a late channel mounts its webhooks and the moment its start
   * is reported, a new message may already be accepted; it must not overtake them.
   */
  public synchronized void holdUntilStarted(String channel, List<Runnable> toRouter) {
    if (!toRouter.isEmpty()) {
      held.computeIfAbsent(channel, name -> new ArrayList<>()).addAll(toRouter);
    }
  }

  /** The channel runs now: the leftovers it held go on as {@link #handOnLater} would take them. */
  public synchronized void channelStarted(String channel) {
    releaseHeld(channel);
  }

  private void releaseHeld(String channel) {
    if (!held.isEmpty()) {
      List<Runnable> leftovers = held.remove(channel);
      if (leftovers != null) {
        handOnLater(channel, leftovers);
      }
    }
  }

  /**
   * As many as there is room for, one channel's message after another's, then the rest a moment later.
   * The room is read once per round: the router counts a message in the backlog only once the send
   * reached it.
   */
  private synchronized void handOnWaiting() {
    retryArmed = false;
    int room = backlog.room();
    boolean handedOn = true;
    while (room > 0 && handedOn) {
      handedOn = false;
      for (String channel : List.copyOf(waiting.keySet())) {
        if (room == 0) {
          break;
        }
        if (backlog.repliesUnderShare(channel)) {
          handOnOldest(channel);
          room--;
          handedOn = true;
        }
      }
    }
    if (waitingCount > 0) {
      armRetry();
    }
  }

  /** The channel's oldest waiting message to the router; the channel goes to the end of the turn. */
  private void handOnOldest(String channel) {
    Deque<Runnable> queue = waiting.remove(channel);
    Runnable toRouter = queue.poll();
    waitingCount--;
    if (!queue.isEmpty()) {
      waiting.put(channel, queue);
    }
    try {
      toRouter.run();
    } catch (RuntimeException e) {
      // The message is journaled: the next start answers it. The others still go on.
      LOG.error("an accepted message could not be handed to the router; it is answered after a restart", e);
    }
  }

  private void armRetry() {
    if (!retryArmed) {
      retryArmed = true;
      owner.runOnContext(onOwner -> owner.owner().setTimer(RETRY_MS, retry -> handOnWaiting()));
    }
  }
}

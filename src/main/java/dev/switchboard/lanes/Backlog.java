package dev.switchboard.lanes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one node holds in memory of the messages it accepted: the router's turns and the channels'
 * replies, running or waiting in their {@link Lanes}. When the traffic outruns what the models or the
 * platforms' APIs answer, every one of them waits somewhere in memory; past {@link #limit()} new
 * messages wait in {@link Arrivals} instead, and past as many again the channels refuse webhooks with a
 * 503 (nothing journaled, so the platform sends them again later), instead of the heap filling until
 * the node dies and answers no one. Thread-safe: the lanes of several contexts count into one backlog.
 *
 * <p>Each channel's replies count in a part of their own as well ({@link #repliesOf}): a platform whose
 * API answers slowly piles up replies, and once they hold half of the limit, that channel's new
 * messages wait ({@link #repliesUnderShare}) while the other channels' still go on.
 */
public final class Backlog {

  private final int limit;
  private final AtomicInteger pending = new AtomicInteger();
  /** For a channel's part: the node's whole backlog, which it counts into too; null for the whole. */
  private final Backlog whole;
  private final Map<String, Backlog> replies = new ConcurrentHashMap<>();

  public Backlog(int limit) {
    this(limit, null);
    if (limit < 1) {
      throw new IllegalArgumentException("a backlog holds at least one turn, not " + limit);
    }
  }

  private Backlog(int limit, Backlog whole) {
    this.limit = limit;
    this.whole = whole;
  }

  /** As much as a node may hold: for tests and tools that never refuse for it. */
  public static Backlog unbounded() {
    return new Backlog(Integer.MAX_VALUE);
  }

  /** How many more turns fit now (never negative): how many waiting messages may go to the router. */
  public int room() {
    return Math.max(0, limit - pending.get());
  }

  /** Turns and replies running or waiting. */
  public int pending() {
    return pending.get();
  }

  public int limit() {
    return limit;
  }

  /** The part of this backlog that {@code channel}'s replies hold: what counts there counts here too. */
  public Backlog repliesOf(String channel) {
    return replies.computeIfAbsent(channel, name -> new Backlog(limit, this));
  }

  /** Whether {@code channel}'s replies hold less than half of the limit (at least one). */
  public boolean repliesUnderShare(String channel) {
    Backlog part = replies.get(channel);
    return part == null || part.pending() < Math.max(1, limit / 2);
  }

  void added() {
    pending.incrementAndGet();
    if (whole != null) {
      whole.added();
    }
  }

  void removed() {
    pending.decrementAndGet();
    if (whole != null) {
      whole.removed();
    }
  }
}

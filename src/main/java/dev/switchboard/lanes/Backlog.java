package dev.switchboard.lanes;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one node holds in memory of the messages it accepted: the router's turns and the channels'
 * replies, running or waiting in their {@link Lanes}, and the messages a restart is still handing back
 * to the router. When the traffic outruns what the models or the platforms' APIs answer, every one of
 * them waits somewhere in memory; past {@link #limit()} the channels refuse new webhooks with a 503
 * (nothing journaled, so the platform sends them again later) instead of the heap filling until the
 * node dies and answers no one. Thread-safe: the lanes of several contexts count into one backlog.
 */
public final class Backlog {

  private final int limit;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger handingBack = new AtomicInteger();

  public Backlog(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a backlog holds at least one turn, not " + limit);
    }
    this.limit = limit;
  }

  /** As much as a node may hold: for tests and tools that never refuse for it. */
  public static Backlog unbounded() {
    return new Backlog(Integer.MAX_VALUE);
  }

  /** Whether a new message may be accepted: below the limit, and no earlier message still waits to be handed back. */
  public boolean acceptsNew() {
    return handingBack.get() == 0 && pending.get() < limit;
  }

  /** How many more turns fit now (never negative): what a restart may hand back to the router at once. */
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

  /** {@code count} messages accepted earlier wait to be handed back to the router; none is accepted before them. */
  public void handingBack(int count) {
    handingBack.addAndGet(count);
  }

  /** One of them went to the router. */
  public void handedBack() {
    handingBack.decrementAndGet();
  }

  /** Messages of earlier runs still to hand back. */
  public int waitingToBeHandedBack() {
    return handingBack.get();
  }

  void added() {
    pending.incrementAndGet();
  }

  void removed() {
    pending.decrementAndGet();
  }
}

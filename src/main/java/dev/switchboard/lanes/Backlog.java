package dev.switchboard.lanes;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one node holds in memory of the messages it accepted: the router's turns and the channels'
 * replies, running or waiting in their {@link Lanes}. When the traffic outruns what the models or the
 * platforms' APIs answer, every one of them waits somewhere in memory; past {@link #limit()} new
 * messages wait in {@link Arrivals} instead, and past as many again the channels refuse webhooks with a
 * 503 (nothing journaled, so the platform sends them again later), instead of the heap filling until
 * the node dies and answers no one. Thread-safe: the lanes of several contexts count into one backlog.
 */
public final class Backlog {

  private final int limit;
  private final AtomicInteger pending = new AtomicInteger();

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

  void added() {
    pending.incrementAndGet();
  }

  void removed() {
    pending.decrementAndGet();
  }
}

package dev.switchboard.store;

/** What one retention pass deleted. */
public record Pruned(int sessions, int inboxRows, int outboxRows, int seenIds) {

  public boolean nothing() {
    return sessions + inboxRows + outboxRows + seenIds == 0;
  }
}

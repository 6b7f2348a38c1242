package dev.switchboard.channel;

import dev.switchboard.lanes.Backlog;

/**
 * A message refused before it was journaled because the node holds as many turns and replies as
 * {@code messages.maxPending} allows: the webhook is answered 503 and the platform sends it again.
 */
public final class NodeBusyException extends RuntimeException {

  NodeBusyException(Backlog backlog) {
    super(backlog.waitingToBeHandedBack() > 0
        ? backlog.waitingToBeHandedBack() + " message(s) accepted before the last stop are still being handed to the router"
        : "the node holds " + backlog.pending() + " turns and replies (messages.maxPending: " + backlog.limit() + ")",
        null, false, false);
  }
}

package dev.switchboard.channel;

import dev.switchboard.lanes.Arrivals;

/**
 * A message refused before it was journaled because the node holds as many turns and replies as
 * {@code messages.maxPending} allows, and as many accepted messages already wait for room: the webhook
 * is answered 503 and the platform sends it again.
 */
public final class NodeBusyException extends RuntimeException {

  NodeBusyException(Arrivals arrivals) {
    super(arrivals.waiting() + " accepted message(s) wait for room while the node holds " + arrivals.backlog().pending()
        + " turns and replies (messages.maxPending: " + arrivals.backlog().limit() + ")", null, false, false);
  }
}

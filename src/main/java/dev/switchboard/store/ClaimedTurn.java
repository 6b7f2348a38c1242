package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;

import java.util.List;

/**
 * One session's unfinished messages claimed by one node (see {@link InboxClaims}).
 *
 * @param token      the fencing token: every call that finishes the turn names it
 * @param sessionKey the session the messages belong to
 * @param messages   the messages of the turn, in arrival order; never empty
 */
public record ClaimedTurn(long token, String sessionKey, List<InboundMessage> messages) {

  public ClaimedTurn {
    messages = List.copyOf(messages);
  }

  /** The message the turn's reply answers: the last one. */
  public InboundMessage last() {
    return messages.get(messages.size() - 1);
  }
}

package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * One session's unfinished messages claimed by one node (see {@link InboxClaims}).
 *
 * @param token      the fencing token: every call that finishes the turn names it
 * @param sessionKey the session the messages belong to
 * @param messages   the messages of the turn, in arrival order; never empty
 * @param givenBack  the ids of messages the claim holds beyond this turn ({@link #firstOf}): its answer
 *                   gives them back unfinished, as the session's next turn
 */
public record ClaimedTurn(long token, String sessionKey, List<InboundMessage> messages, List<String> givenBack) {

  public ClaimedTurn {
    messages = List.copyOf(messages);
    givenBack = List.copyOf(givenBack);
  }

  public ClaimedTurn(long token, String sessionKey, List<InboundMessage> messages) {
    this(token, sessionKey, messages, List.of());
  }

  /** The message the turn's reply answers: the last one. */
  public InboundMessage last() {
    return messages.get(messages.size() - 1);
  }

  /**
   * The turn of the first {@code count} messages alone, under the same claim: a chat command among the
   * messages is answered in its place, with what came before it one turn and what came after the next.
   */
  public ClaimedTurn firstOf(int count) {
    if (count < 1 || count > messages.size()) {
      throw new IllegalArgumentException("a turn of " + messages.size() + " messages has no first " + count);
    }
    List<String> later = new ArrayList<>();
    messages.subList(count, messages.size()).forEach(message -> later.add(message.id()));
    later.addAll(givenBack);
    return new ClaimedTurn(token, sessionKey, messages.subList(0, count), later);
  }
}

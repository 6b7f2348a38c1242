package dev.switchboard.store;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The inbox as a work queue shared by several nodes: each turn is run by exactly one node, the turns of
 * one session never overlap anywhere and keep arrival order, and a node that stops answering loses its
 * turns to another once its lease runs out.
 *
 * <p>A claim takes the unfinished messages of a session whose oldest unfinished message is free
 * (never claimed, or its lease expired), at most {@link #MAX_TURN_MESSAGES} of them in arrival order,
 * under one fencing token; the rest are the session's next turns. Tokens only grow, across every node
 * and restart. Everything that finishes a turn names its token and does nothing once a newer claim
 * took the session over: a node that was paused past its lease cannot answer a second time. Lease
 * times come from the database's clock, never a node's.
 *
 * <p>Messages that arrive while a session is claimed wait behind it: they are claimed, as the next
 * turn, once this one is finished. A message claimed {@link #MAX_ATTEMPTS} times without being finished
 * (it crashes every node that runs it) is dropped instead of being claimed again.
 */
public interface InboxClaims {

  /** Claims of one message after which it is dropped with the reason {@code "too many attempts"}. */
  int MAX_ATTEMPTS = 5;

  /**
   * Messages of one session in one turn at most: a flood from one chat while its turn runs becomes
   * several turns of a model request each, not one request of thousands of messages.
   */
  int MAX_TURN_MESSAGES = 50;

  /**
   * Claims up to {@code maxTurns} sessions' unfinished messages for {@code owner} (a node id, kept for
   * inspection) until {@code lease} from now by the database's clock; oldest sessions first, each turn's
   * messages in arrival order. Empty when nothing is free (which may mean every waiting session is
   * claimed by another node, not that the inbox is empty).
   */
  Future<List<ClaimedTurn>> claimTurns(String owner, Duration lease, int maxTurns);

  /** Extends the claim's lease to {@code lease} from now; false when the claim was taken over or finished. */
  Future<Boolean> renew(long token, Duration lease);

  /**
   * Finishes the turn: in one transaction, marks the turn's messages answered, applies the turn's
   * change to its session's history, stores the {@code handover}'s {@link ModeChange} (a user asked for a
   * person: {@code reply} is what tells them so; null for none) unless the session's mode was changed
   * since the turn read it ({@link HandoverModes#setIfUnchanged}: an operator's change made meanwhile
   * stands, and the rest of the answer is written all the same), and writes to the outbox of the channel
   * of the turn's last message (as {@link Outbox#enqueue} does, without marking anything else answered)
   * the chunks of the {@code notes} about the turn's files, then of its {@code reply} (null when the
   * messages were kept for a person). Empty, with nothing written, not even the history or the mode,
   * when the claim is no longer this token's (fenced out): a node that lost its claim leaves no trace of
   * its turn, and the user sees nothing of it. Messages the claim holds beyond the turn
   * ({@link ClaimedTurn#givenBack}) are given back unfinished, their attempt not counted: they are the
   * session's next turn, for any node to claim.
   *
   * <p>A turn whose messages were kept for a person ({@link KeptForPerson}) is answered only if the
   * session's mode is still at the version the turn read (a mode no longer stored is at
   * {@link HandoverModes#UNSET}). Otherwise an operator changed it meanwhile (gave the chat back to the
   * bot, or only wrote in it): nothing of the turn is written and the claim still holds
   * ({@link Answered#KEPT_TOO_LATE}), for its node to decide again on the mode as it is now, with the
   * messages as it read them, and answer again, or {@link #release} the claim.
   *
   * <p>A turn the bot answered ({@link BotAnswer}) is answered so unless a person took the session since
   * the turn read its mode (the version moved and the mode is human): then its messages are kept for that
   * person instead ({@link BotAnswer#said} is the history's change), {@code reply}, the bot's answer, is
   * not written, and the notes are, as a kept turn's ({@link Answered#answerWithheld}). The check is part
   * of this transaction, which a change of mode on any node waits for ({@link HandoverModes#set}): a
   * takeover committed before it withholds the answer, one committed after it comes after the answer,
   * which is the user's.
   */
  Future<Optional<Answered>> answer(ClaimedTurn turn, HistoryChange history, HandoverDecision handover,
                                    List<ChunkedReply> notes, ChunkedReply reply);

  /**
   * A written answer.
   *
   * @param chunks         the chunks written, the notes' then the reply's, in order, as queued in the outbox
   * @param modeChanged    whether the answer's change of mode was stored (false without one)
   * @param keptTooLate    whether, instead, nothing was written: the turn kept its messages for a person, but
   *                       the session's mode moved since the turn read it; the claim still holds
   * @param answerWithheld whether the bot's answer was left out because a person took the session while
   *                       the bot answered: the turn's messages were kept for them
   */
  record Answered(List<OutboxChunk> chunks, boolean modeChanged, boolean keptTooLate, boolean answerWithheld) {

    /** A turn kept for a person, not written because its session's mode moved since the turn read it. */
    public static final Answered KEPT_TOO_LATE = new Answered(List.of(), false, true, false);
  }

  /** Finishes the turn without a reply; false when fenced out. */
  Future<Boolean> drop(long token, String reason);

  /**
   * Gives the claim back unfinished (a node stopping cleanly) so that another node can claim the
   * session at once instead of after the lease; false when fenced out.
   */
  Future<Boolean> release(long token);
}

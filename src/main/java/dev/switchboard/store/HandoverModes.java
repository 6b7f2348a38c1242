package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.SessionMode;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/** Where each session's mode is kept, durably: a session handed to a person stays with them after a restart. */
public interface HandoverModes {

  /** The version of a session's mode when none is stored (the bot answers), or one stored before modes had versions. */
  long UNSET = 0;

  /** The session's stored mode; empty when it was never handed over (the bot answers). */
  Future<Optional<HandoverState>> get(String sessionKey);

  /** Sets the mode at {@code at}, whatever it was: an operator's word is the latest. It counts as operator activity. */
  Future<Void> set(String sessionKey, SessionMode mode, long at);

  /**
   * Sets the mode at {@code at}, as {@link #set} does, unless it was changed since it was read at
   * {@code change.seenVersion()}: then false, and nothing is written. A mode no longer stored (pruned as
   * idle since it was read) counts as unchanged: pruning decides nothing.
   */
  Future<Boolean> setIfUnchanged(String sessionKey, ModeChange change, long at);

  /**
   * Keeps a turn's messages for the person who has the session, unless its mode was changed since the turn
   * read it (human, at {@code seenVersion}): in one transaction {@code said} joins the session's history and
   * the message {@code lastId} is marked answered, with the session's earlier pending ones. Otherwise false,
   * and nothing is written: the operator who handed the session back (or acted in it) meanwhile decided
   * later, and the turn looks at the mode again. A mode no longer stored counts as changed: the bot has
   * the session.
   */
  Future<Boolean> keepIfUnchanged(String sessionKey, long seenVersion, List<ChatMessage> said, String lastId,
                                  long at);

  /**
   * Keeps a bot turn's change to the session's history ({@code answered}: its messages and the bot's
   * answer) and true, unless a person took the session since the turn read its mode ({@link BotAnswer}):
   * then, in its place, {@code answer.said()} joins the history and the message {@code lastId} is marked
   * answered, with the session's earlier pending ones, as {@link #keepIfUnchanged} keeps them, and false:
   * the answer must not be sent. One transaction either way, which a change of mode ({@link #set}) on any
   * node waits for: a takeover is either before it (the messages are the person's) or after it (the
   * answer is the user's). The message is not marked answered with an answer that stands: its reply's
   * write to the outbox does that.
   */
  Future<Boolean> answerUnlessTaken(String sessionKey, BotAnswer answer, HistoryChange answered, String lastId,
                                    long at);

  /** An operator acted in the session at {@code at} (it does nothing for a session never handed over). */
  Future<Void> touch(String sessionKey, long at);
}

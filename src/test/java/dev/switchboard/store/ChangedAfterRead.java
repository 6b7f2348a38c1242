package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.SessionMode;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Handover modes where someone else (an operator, maybe on another node) changes one session's mode
 * right after its first read, before the reader gets what it read: the race of a turn that decides on
 * the mode it read. Confined to one context, as the router's use of the modes is.
 */
public final class ChangedAfterRead implements HandoverModes {

  private final HandoverModes modes;
  private final String session;
  private final Supplier<Future<?>> change;
  private boolean changed;

  /** @param change the change, completing once it is stored */
  public ChangedAfterRead(HandoverModes modes, String session, Supplier<Future<?>> change) {
    this.modes = modes;
    this.session = session;
    this.change = change;
  }

  @Override
  public Future<Optional<HandoverState>> get(String sessionKey) {
    return modes.get(sessionKey).compose(read -> {
      if (changed || !sessionKey.equals(session)) {
        return Future.succeededFuture(read);
      }
      changed = true;
      return change.get().map(stored -> read);
    });
  }

  @Override
  public Future<Void> set(String sessionKey, SessionMode mode, long at) {
    return modes.set(sessionKey, mode, at);
  }

  @Override
  public Future<Boolean> setIfUnchanged(String sessionKey, ModeChange change, long at) {
    return modes.setIfUnchanged(sessionKey, change, at);
  }

  @Override
  public Future<Boolean> keepIfUnchanged(String sessionKey, long seenVersion, List<ChatMessage> said, String lastId,
                                         long at) {
    return modes.keepIfUnchanged(sessionKey, seenVersion, said, lastId, at);
  }

  @Override
  public Future<Boolean> answerUnlessTaken(String sessionKey, BotAnswer answer, HistoryChange answered, String lastId,
                                           long at) {
    return modes.answerUnlessTaken(sessionKey, answer, answered, lastId, at);
  }

  @Override
  public Future<Void> touch(String sessionKey, long at) {
    return modes.touch(sessionKey, at);
  }
}

package dev.switchboard.store;

import dev.switchboard.bus.SessionMode;
import io.vertx.core.Future;

import java.util.Optional;

/** Where each session's mode is kept, durably: a session handed to a person stays with them after a restart. */
public interface HandoverModes {

  /** The session's stored mode; empty when it was never handed over (the bot answers). */
  Future<Optional<HandoverState>> get(String sessionKey);

  /** Sets the mode at {@code at}, which also counts as operator activity. */
  Future<Void> set(String sessionKey, SessionMode mode, long at);

  /** An operator acted in the session at {@code at} (it does nothing for a session never handed over). */
  Future<Void> touch(String sessionKey, long at);
}

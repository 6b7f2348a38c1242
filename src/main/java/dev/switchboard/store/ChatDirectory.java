package dev.switchboard.store;

import io.vertx.core.Future;

import java.util.Optional;

/**
 * The chats users wrote in. {@link Inbox#journal} records each accepted message's chat here, in the
 * same transaction; sends to people read it to find the session, the sending account and the time of
 * the user's last message.
 */
public interface ChatDirectory {

  /**
   * The chat, most recently written to first when {@code accountIdOrNull} is null and the user wrote
   * to several accounts; empty when no message of it was ever accepted.
   */
  Future<Optional<KnownChat>> find(String channel, String accountIdOrNull, String chatId, String threadIdOrNull);
}

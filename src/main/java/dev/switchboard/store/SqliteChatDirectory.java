package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * The {@link ChatDirectory} in the {@code chats} table. A missing thread is stored as {@code ''} and
 * a missing account likewise, since they are part of the key.
 */
final class SqliteChatDirectory implements ChatDirectory {

  /** Package-private: PostgreSQL's journal runs it inside its own statement ({@link SqliteInbox}). */
  static final String SEEN = "INSERT INTO chats (channel, account_id, chat_id, thread_id, session_key,"
      + " last_inbound_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, chat_id, thread_id, account_id)"
      + " DO UPDATE SET session_key = excluded.session_key,"
      + " last_inbound_at = CASE WHEN excluded.last_inbound_at > chats.last_inbound_at"
      + " THEN excluded.last_inbound_at ELSE chats.last_inbound_at END";
  private static final String FIND = "SELECT account_id, session_key, last_inbound_at FROM chats"
      + " WHERE channel = ? AND chat_id = ? AND thread_id = ? AND (? = '' OR account_id = ?)"
      + " ORDER BY last_inbound_at DESC LIMIT 1";

  private final CommitQueue queue;

  SqliteChatDirectory(CommitQueue queue) {
    this.queue = queue;
  }

  /** Records the message's chat and its sending time; one of {@link Inbox#journal}'s statements. */
  static StatementWrite.Statement seen(InboundMessage message) {
    return new StatementWrite.Statement(SEEN, message.channel(), orEmpty(message.accountId()), message.chatId(),
        orEmpty(message.threadId()), SessionKeys.of(message), message.receivedAt());
  }

  @Override
  public Future<Optional<KnownChat>> find(String channel, String accountIdOrNull, String chatId,
                                          String threadIdOrNull) {
    String account = orEmpty(accountIdOrNull);
    return queue.read(connection -> Optional.ofNullable(Sql.first(connection, FIND,
        row -> new KnownChat(channel, orNull(row.getString(1)), chatId, threadIdOrNull, row.getString(2),
            row.getLong(3)),
        channel, chatId, orEmpty(threadIdOrNull), account, account)));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String orNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}

package dev.switchboard.store;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The {@link SendLedger}: chunks in the {@code outbox} table, idempotency keys in {@code sends}, both
 * written in one transaction so that a key is never kept without its message, nor the reverse. On
 * PostgreSQL the key is locked for the transaction, so a key is queued once across every node.
 */
final class SqliteSendLedger implements SendLedger {

  private static final String FIND_KEY = "SELECT send_id FROM sends WHERE idempotency_key = ?";
  private static final String KEEP_KEY = "INSERT INTO sends (idempotency_key, send_id, created_at) VALUES (?, ?, ?)";
  private static final String FIND_SENT = "SELECT inbound_id, channel, chat_id, sequence FROM outbox"
      + " WHERE channel = ? AND platform_message_id = ? ORDER BY id LIMIT 1";

  private final CommitQueue queue;
  private final Clock clock;

  SqliteSendLedger(CommitQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  @Override
  public Future<QueuedSend> enqueue(OutboundMessage message) {
    long now = clock.millis();
    List<String> texts = message.template() != null ? List.of("[template]") : message.chunks();
    // Two nodes given the same key at once: the second waits for the first's commit, then finds its send.
    String lock = message.idempotencyKey() == null ? null : "sends\n" + message.idempotencyKey();
    return queue.write(lock, connection -> {
      if (message.idempotencyKey() != null) {
        String earlier = Sql.first(connection, FIND_KEY, row -> row.getString(1), message.idempotencyKey());
        if (earlier != null) {
          return new QueuedSend(earlier, List.of(), true);
        }
        Sql.update(connection, KEEP_KEY, message.idempotencyKey(), message.id(), now);
      }
      List<OutboxChunk> chunks = SqliteOutbox.insert(connection, new OutboxChunk(0, message.id(), message.channel(),
          0, null, message.accountId(), message.chatId(), message.threadId(), message.template()), texts, now);
      return new QueuedSend(message.id(), chunks, false);
    });
  }

  @Override
  public Future<Optional<SentChunk>> findSent(String channel, String platformMessageId) {
    return queue.read(connection -> Optional.ofNullable(Sql.first(connection, FIND_SENT,
        row -> new SentChunk(row.getString(1), row.getString(2), row.getString(3), row.getInt(4)),
        channel, platformMessageId)));
  }
}

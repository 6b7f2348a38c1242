package dev.switchboard.store;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;

/** The {@link PreviewLedger} in the {@code previews} table, one row per reply being shown. */
final class SqlPreviewLedger implements PreviewLedger {

  private static final String KEEP = "INSERT INTO previews (channel, inbound_id, chat_id, message_id, streamed,"
      + " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, inbound_id) DO UPDATE SET"
      + " chat_id = excluded.chat_id, message_id = excluded.message_id, streamed = excluded.streamed,"
      + " created_at = excluded.created_at";
  private static final String UNFINISHED = "SELECT inbound_id, chat_id, message_id, streamed FROM previews"
      + " WHERE channel = ? ORDER BY created_at, inbound_id";
  private static final String FORGET = "DELETE FROM previews WHERE channel = ? AND inbound_id = ?";

  private final CommitQueue queue;
  private final Clock clock;

  SqlPreviewLedger(CommitQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  @Override
  public Future<Void> remember(ShownPreview preview) {
    long now = clock.millis();
    return queue.write(connection -> {
      Sql.update(connection, KEEP, preview.channel(), preview.inboundId(), preview.chatId(), preview.messageId(),
          preview.streamed() ? 1 : 0, now);
      return null;
    });
  }

  @Override
  public Future<List<ShownPreview>> unfinished(String channel) {
    return queue.read(connection -> Sql.list(connection, UNFINISHED,
        row -> new ShownPreview(channel, row.getString(1), row.getString(2), row.getString(3), row.getInt(4) == 1),
        channel));
  }

  @Override
  public Future<Void> forget(String channel, String inboundId) {
    return queue.write(connection -> {
      Sql.update(connection, FORGET, channel, inboundId);
      return null;
    });
  }
}

package dev.switchboard.store;

import dev.switchboard.bus.Reply;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The {@link Outbox} in the {@code outbox} table. */
final class SqliteOutbox implements Outbox {

  private static final String INSERT = "INSERT INTO outbox (inbound_id, channel, sequence, account_id, chat_id,"
      + " thread_id, text, template, created_at, chat_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String FINISH = "UPDATE outbox SET state = ?, platform_message_id = ?, reason = ?,"
      + " finished_at = ? WHERE id = ? AND state = 'pending'";
  private static final String PENDING = "SELECT " + SqliteOutbox.CHUNK_COLUMNS
      + " FROM outbox WHERE channel = ? AND state = 'pending' ORDER BY id";

  /** The columns {@link #chunk} reads, in its order. */
  static final String CHUNK_COLUMNS = "id, inbound_id, channel, sequence, text, account_id, chat_id, thread_id,"
      + " template";

  private final CommitQueue queue;
  private final Clock clock;

  SqliteOutbox(CommitQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  @Override
  public Future<List<OutboxChunk>> enqueue(String inboundId, String channel, Reply reply, List<String> chunks) {
    List<String> texts = List.copyOf(chunks);
    long now = clock.millis();
    return queue.write(connection -> {
      List<OutboxChunk> stored = insert(connection, inboundId, channel, reply, texts, now);
      SqliteInbox.answer(connection, inboundId, now);
      return stored;
    });
  }

  /** Writes the reply's chunks, in order, and returns them with their ids. */
  static List<OutboxChunk> insert(Connection connection, String inboundId, String channel, Reply reply,
                                  List<String> texts, long now) throws SQLException {
    return insert(connection, new OutboxChunk(0, inboundId, channel, 0, null, reply.accountId(), reply.chatId(),
        reply.threadId(), null), texts, now);
  }

  /** Writes one chunk per text, numbered from 0, with {@code like}'s origin, destination and template. */
  static List<OutboxChunk> insert(Connection connection, OutboxChunk like, List<String> texts, long now)
      throws SQLException {
    List<OutboxChunk> stored = new ArrayList<>(texts.size());
    try (PreparedStatement insert = connection.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
      for (int sequence = 0; sequence < texts.size(); sequence++) {
        insert.setString(1, like.inboundId());
        insert.setString(2, like.channel());
        insert.setInt(3, sequence);
        insert.setString(4, like.accountId());
        insert.setString(5, like.chatId());
        insert.setString(6, like.threadId());
        insert.setString(7, texts.get(sequence));
        insert.setString(8, like.template());
        insert.setLong(9, now);
        insert.setString(10, OutboxChunk.chatKey(like.channel(), like.accountId(), like.chatId(), like.threadId()));
        insert.executeUpdate();
        try (ResultSet key = insert.getGeneratedKeys()) {
          key.next();
          stored.add(new OutboxChunk(key.getLong(1), like.inboundId(), like.channel(), sequence, texts.get(sequence),
              like.accountId(), like.chatId(), like.threadId(), like.template()));
        }
      }
    }
    return stored;
  }

  @Override
  public Future<Void> markSent(long chunkId, String platformMessageId) {
    return finish(chunkId, "sent", platformMessageId, null);
  }

  @Override
  public Future<Void> markFailed(long chunkId, String reason) {
    return finish(chunkId, "failed", null, reason);
  }

  private Future<Void> finish(long chunkId, String state, String platformMessageId, String reason) {
    return queue.write(StatementWrite.of(
        new StatementWrite.Statement(FINISH, state, platformMessageId, reason, clock.millis(), chunkId)));
  }

  @Override
  public Future<List<OutboxChunk>> pending(String channel) {
    return queue.read(connection -> Sql.list(connection, PENDING,
        SqliteOutbox::chunk, channel));
  }

  /** Reads a row selected with {@link #CHUNK_COLUMNS}. */
  static OutboxChunk chunk(ResultSet row) throws SQLException {
    return new OutboxChunk(row.getLong(1), row.getString(2), row.getString(3), row.getInt(4), row.getString(5),
        row.getString(6), row.getString(7), row.getString(8), row.getString(9));
  }
}

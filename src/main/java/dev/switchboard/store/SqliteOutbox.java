package dev.switchboard.store;

import dev.switchboard.bus.Reply;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    OutboxChunk like = like(inboundId, channel, reply);
    List<String> texts = List.copyOf(chunks);
    long now = clock.millis();
    List<StatementWrite.Statement> statements = new ArrayList<>(inserts(like, texts, now));
    statements.add(SqliteInbox.answer(inboundId, now));
    return queue.write(StatementWrite.of(ran -> stored(like, texts, ran.keys()), statements));
  }

  /** Writes the reply's chunks, in order, and returns them with their ids. */
  static List<OutboxChunk> insert(Connection connection, String inboundId, String channel, Reply reply,
                                  List<String> texts, long now) throws SQLException {
    return insert(connection, like(inboundId, channel, reply), texts, now);
  }

  /** Writes one chunk per text, numbered from 0, with {@code like}'s origin, destination and template. */
  static List<OutboxChunk> insert(Connection connection, OutboxChunk like, List<String> texts, long now)
      throws SQLException {
    return StatementWrite.of(ran -> stored(like, texts, ran.keys()), inserts(like, texts, now)).run(connection);
  }

  private static OutboxChunk like(String inboundId, String channel, Reply reply) {
    return new OutboxChunk(0, inboundId, channel, 0, null, reply.accountId(), reply.chatId(), reply.threadId(), null);
  }

  /** One insert per text, numbered from 0, each returning the chunk's id. */
  private static List<StatementWrite.Statement> inserts(OutboxChunk like, List<String> texts, long now) {
    String chatKey = OutboxChunk.chatKey(like.channel(), like.accountId(), like.chatId(), like.threadId());
    List<StatementWrite.Statement> inserts = new ArrayList<>(texts.size());
    for (int sequence = 0; sequence < texts.size(); sequence++) {
      inserts.add(StatementWrite.Statement.returningKey(INSERT, like.inboundId(), like.channel(), sequence,
          like.accountId(), like.chatId(), like.threadId(), texts.get(sequence), like.template(), now, chatKey));
    }
    return inserts;
  }

  /** The chunks as stored: the ids are the keys of the inserts, which come first. */
  private static List<OutboxChunk> stored(OutboxChunk like, List<String> texts, long[] ids) {
    List<OutboxChunk> stored = new ArrayList<>(texts.size());
    for (int sequence = 0; sequence < texts.size(); sequence++) {
      stored.add(new OutboxChunk(ids[sequence], like.inboundId(), like.channel(), sequence, texts.get(sequence),
          like.accountId(), like.chatId(), like.threadId(), like.template()));
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

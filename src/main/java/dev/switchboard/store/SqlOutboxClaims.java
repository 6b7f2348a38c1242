package dev.switchboard.store;

import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link OutboxClaims} on the {@code outbox} table, for both databases, the way {@link SqlInboxClaims}
 * claims sessions: a chat's head is its oldest pending chunk; a head is free when no pending chunk of
 * its chat is under a live lease; a free head is locked, then the chat ({@link Dialect#tryLock}), which is
 * looked at again, and the chat's pending chunks are taken under one token; the later chunks of a chat
 * are never heads meanwhile. A chunk written by one node can commit after a later one written by
 * another was claimed (its {@code id} is drawn at insert); it then waits for that claim to end rather
 * than be sent beside it.
 */
final class SqlOutboxClaims implements OutboxClaims {

  private static final String READ = "SELECT " + SqliteOutbox.CHUNK_COLUMNS
      + " FROM outbox WHERE claim = ? AND state = 'pending' ORDER BY id";
  private static final String FINISH = "UPDATE outbox SET state = ?, platform_message_id = ?, reason = ?,"
      + " finished_at = ? WHERE id = ? AND claim = ? AND state = 'pending'";
  private static final String RELEASE = "UPDATE outbox SET claim = NULL, owner = NULL, lease_until = NULL"
      + " WHERE claim = ? AND state = 'pending'";

  private final CommitQueue queue;
  private final Clock clock;
  private final Dialect dialect;
  private final ClaimGroups chats;
  private final String head;
  private final String claim;
  private final String renew;

  SqlOutboxClaims(CommitQueue queue, Clock clock, Dialect dialect) {
    this.queue = queue;
    this.clock = clock;
    this.dialect = dialect;
    this.chats = new ClaimGroups("outbox", "chat_key", "id", dialect);
    this.head = chats.head("chat_key", "h.channel = ?");
    this.claim = "UPDATE outbox SET claim = ?, owner = ?, lease_until = " + dialect.nowMillis() + " + ?"
        + " WHERE chat_key = ? AND state = 'pending' AND " + chats.free();
    this.renew = chats.renew();
  }

  @Override
  public Future<List<ClaimedChunks>> claimChunks(String owner, String channel, Duration lease, int maxChats) {
    long leaseMs = lease.toMillis();
    return queue.write(connection -> {
      List<ClaimedChunks> claimed = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      while (claimed.size() < maxChats) {
        String chat = Sql.first(connection, head, row -> row.getString(1), channel);
        // A chat claimed by this call comes back only when the lease is shorter than the call itself.
        if (chat == null || !seen.add(chat)) {
          break;
        }
        if (chats.claimedMeanwhile(connection, chat)) {
          // The next call sees the chat busy and passes over it.
          break;
        }
        long token = dialect.nextToken(connection);
        Sql.update(connection, claim, token, owner, leaseMs, chat);
        claimed.add(new ClaimedChunks(token, Sql.list(connection, READ, SqliteOutbox::chunk, token)));
      }
      return claimed;
    });
  }

  @Override
  public Future<Boolean> renew(long token, Duration lease) {
    long leaseMs = lease.toMillis();
    return queue.write(connection -> Sql.update(connection, renew, leaseMs, token) > 0);
  }

  @Override
  public Future<Boolean> markSent(long token, long chunkId, String platformMessageId) {
    return finish(token, chunkId, "sent", platformMessageId, null);
  }

  @Override
  public Future<Boolean> markFailed(long token, long chunkId, String reason) {
    return finish(token, chunkId, "failed", null, reason);
  }

  @Override
  public Future<Boolean> release(long token) {
    return queue.write(connection -> Sql.update(connection, RELEASE, token) > 0);
  }

  private Future<Boolean> finish(long token, long chunkId, String state, String platformMessageId, String reason) {
    long now = clock.millis();
    return queue.write(connection ->
        Sql.update(connection, FINISH, state, platformMessageId, reason, now, chunkId, token) > 0);
  }
}

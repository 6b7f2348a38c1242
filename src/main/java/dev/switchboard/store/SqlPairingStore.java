package dev.switchboard.store;

import dev.switchboard.store.PairingException;
import dev.switchboard.store.PairingRequest;
import dev.switchboard.store.PairingStore;
import dev.switchboard.store.PendingPairing;
import io.vertx.core.Future;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PairingStore} in the store's {@code pairing_pending} and {@code pairing_approved} tables, for
 * both databases: the running bridge issues codes, and the {@code pairing} command approves them in the
 * same database (through its own connection; see {@link SqliteStore} for how it shares the file).
 * Issuing a code runs in one write transaction under a per-channel lock, so the limit of pending codes
 * per channel holds across nodes.
 */
final class SqlPairingStore implements PairingStore {

  /** No 0/O, 1/I/L: codes are read aloud and typed by hand. */
  static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  static final int CODE_LENGTH = 8;
  /** Expired codes are kept this long so that approving one says "expired", not "unknown". */
  private static final Duration EXPIRED_RETENTION = Duration.ofHours(24);

  private static final String COLUMNS = "channel, sender_id, sender_name, code, created_at, notified_at";
  private static final String PENDING_ALL = "SELECT " + COLUMNS + " FROM pairing_pending WHERE created_at > ?"
      + " ORDER BY created_at";
  private static final String PENDING_OF = "SELECT " + COLUMNS + " FROM pairing_pending WHERE channel = ?"
      + " AND created_at > ? ORDER BY created_at";
  private static final String OF_SENDER = "SELECT " + COLUMNS + " FROM pairing_pending WHERE channel = ?"
      + " AND sender_id = ?";
  private static final String BY_CODE = "SELECT " + COLUMNS + " FROM pairing_pending WHERE code = ?";
  private static final String IS_APPROVED = "SELECT 1 FROM pairing_approved WHERE channel = ? AND sender_id = ?";
  private static final String LIVE = "SELECT COUNT(*) FROM pairing_pending WHERE channel = ? AND created_at > ?";
  private static final String FORGET_EXPIRED = "DELETE FROM pairing_pending WHERE created_at < ?";
  private static final String FORGET_SENDER = "DELETE FROM pairing_pending WHERE channel = ? AND sender_id = ?";
  private static final String INSERT = "INSERT INTO pairing_pending (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
  private static final String NOTIFIED = "UPDATE pairing_pending SET notified_at = ? WHERE channel = ?"
      + " AND sender_id = ?";
  private static final String APPROVE = "INSERT INTO pairing_approved (channel, sender_id, approved_at)"
      + " VALUES (?, ?, ?) ON CONFLICT (channel, sender_id) DO NOTHING";

  private final CommitQueue queue;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  /** "channel sender" keys known approved: admitted without a query. Approvals are never taken back. */
  private final Set<String> approvedCache = ConcurrentHashMap.newKeySet();

  SqlPairingStore(CommitQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  /** An approval, or the operator's reason why there is none. */
  private record Approval(PendingPairing pairing, String refusal) {
  }

  @Override
  public Future<List<PendingPairing>> pending(String channelOrNull) {
    long liveAfter = clock.instant().minus(CODE_VALIDITY).toEpochMilli();
    return queue.read(connection -> channelOrNull == null
        ? Sql.list(connection, PENDING_ALL, SqlPairingStore::pairing, liveAfter)
        : Sql.list(connection, PENDING_OF, SqlPairingStore::pairing, channelOrNull, liveAfter));
  }

  @Override
  public Future<Boolean> isApproved(String channel, String senderId) {
    String key = channel + ' ' + senderId;
    if (approvedCache.contains(key)) {
      return Future.succeededFuture(true);
    }
    return queue.read(connection -> approved(connection, channel, senderId)).onSuccess(approved -> {
      if (approved) {
        approvedCache.add(key);
      }
    });
  }

  @Override
  public Future<PairingRequest> request(String channel, String senderId, String senderName) {
    Instant now = clock.instant();
    return queue.write("pairing " + channel, connection -> {
      if (approved(connection, channel, senderId)) {
        return new PairingRequest(PairingRequest.Outcome.APPROVED, null);
      }
      Sql.update(connection, FORGET_EXPIRED, now.minus(CODE_VALIDITY).minus(EXPIRED_RETENTION).toEpochMilli());
      PendingPairing existing = Sql.first(connection, OF_SENDER, SqlPairingStore::pairing, channel, senderId);
      if (existing != null && !existing.isExpired(now)) {
        return remind(connection, existing, now);
      }
      long live = Sql.first(connection, LIVE, row -> row.getLong(1), channel,
          now.minus(CODE_VALIDITY).toEpochMilli());
      if (live >= MAX_PENDING_PER_CHANNEL) {
        return new PairingRequest(PairingRequest.Outcome.LIMIT_REACHED, null);
      }
      Sql.update(connection, FORGET_SENDER, channel, senderId);
      PendingPairing created = new PendingPairing(channel, senderId, senderName, newCode(connection), now, now);
      Sql.update(connection, INSERT, channel, senderId, senderName, created.code(), now.toEpochMilli(),
          now.toEpochMilli());
      return new PairingRequest(PairingRequest.Outcome.NEW_CODE, created);
    });
  }

  private PairingRequest remind(Connection connection, PendingPairing pairing, Instant now) throws SQLException {
    if (Duration.between(pairing.notifiedAt(), now).compareTo(REMINDER_INTERVAL) < 0) {
      return new PairingRequest(PairingRequest.Outcome.ALREADY_NOTIFIED, pairing);
    }
    Sql.update(connection, NOTIFIED, now.toEpochMilli(), pairing.channel(), pairing.senderId());
    return new PairingRequest(PairingRequest.Outcome.REMINDER, pairing.notified(now));
  }

  @Override
  public Future<PendingPairing> approve(String channel, String code) {
    String wanted = code.trim().toUpperCase(Locale.ROOT);
    Instant now = clock.instant();
    return queue.write(connection -> {
      PendingPairing pairing = Sql.first(connection, BY_CODE, SqlPairingStore::pairing, wanted);
      if (pairing == null) {
        return new Approval(null, "No pending pairing code " + wanted + " for " + channel
            + ". Run `switchboard pairing list` to see the pending codes.");
      }
      if (!pairing.channel().equals(channel)) {
        return new Approval(null, "Pairing code " + wanted + " belongs to " + pairing.channel() + ", not " + channel + ".");
      }
      if (pairing.isExpired(now)) {
        return new Approval(null, "Pairing code " + wanted + " for " + channel + " expired at " + pairing.expiresAt()
            + "; the sender gets a new code by writing to the bot again.");
      }
      Sql.update(connection, FORGET_SENDER, channel, pairing.senderId());
      Sql.update(connection, APPROVE, channel, pairing.senderId(), now.toEpochMilli());
      return new Approval(pairing, null);
    }).compose(approval -> approval.refusal() == null ? Future.succeededFuture(approval.pairing())
        : Future.failedFuture(new PairingException(approval.refusal())));
  }

  private static boolean approved(Connection connection, String channel, String senderId) throws SQLException {
    return Sql.first(connection, IS_APPROVED, row -> true, channel, senderId) != null;
  }

  private String newCode(Connection connection) throws SQLException {
    while (true) {
      StringBuilder code = new StringBuilder(CODE_LENGTH);
      for (int i = 0; i < CODE_LENGTH; i++) {
        code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
      }
      String candidate = code.toString();
      if (Sql.first(connection, BY_CODE, row -> true, candidate) == null) {
        return candidate;
      }
    }
  }

  private static PendingPairing pairing(ResultSet row) throws SQLException {
    return new PendingPairing(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        Instant.ofEpochMilli(row.getLong(5)), Instant.ofEpochMilli(row.getLong(6)));
  }
}

package dev.switchboard.store;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * Senders approved through pairing, and the codes still waiting for approval, kept in the bridge's
 * store. Shared by the running bridge (which issues codes) and the {@code pairing} command (which
 * approves them).
 */
public interface PairingStore {

  /** How long a code can be approved. */
  Duration CODE_VALIDITY = Duration.ofHours(1);
  /** Pending codes per channel; further unknown senders are ignored until one is approved or expires. */
  int MAX_PENDING_PER_CHANNEL = 3;
  /** A sender with a pending code who keeps writing is reminded of it at most this often. */
  Duration REMINDER_INTERVAL = Duration.ofMinutes(15);

  /** The unexpired pending codes of one channel, or of all when {@code channelOrNull} is null, oldest first. */
  Future<List<PendingPairing>> pending(String channelOrNull);

  /**
   * Issues a code for an unknown sender, or finds the one they already have. Never issues a second
   * live code to the same sender.
   */
  Future<PairingRequest> request(String channel, String senderId, String senderName);

  /**
   * Approves a pending code (case-insensitive): the sender joins the channel's approved senders.
   * Fails with {@link PairingException} when the code is unknown or expired.
   */
  Future<PendingPairing> approve(String channel, String code);

  /** Whether the sender was approved on this channel. */
  Future<Boolean> isApproved(String channel, String senderId);
}

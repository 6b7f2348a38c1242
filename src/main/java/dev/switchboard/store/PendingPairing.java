package dev.switchboard.store;

import java.time.Instant;

/**
 * A sender waiting for the operator's approval.
 *
 * @param createdAt  when the code was issued; it expires {@link PairingStore#CODE_VALIDITY} later
 * @param notifiedAt when the sender was last told the code (the first reply or a reminder)
 */
public record PendingPairing(String channel, String senderId, String senderName, String code,
                             Instant createdAt, Instant notifiedAt) {

  public Instant expiresAt() {
    return createdAt.plus(PairingStore.CODE_VALIDITY);
  }

  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt());
  }

  public PendingPairing notified(Instant now) {
    return new PendingPairing(channel, senderId, senderName, code, createdAt, now);
  }
}

package dev.switchboard.channel;

import io.vertx.core.json.JsonObject;

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

  JsonObject toJson() {
    return new JsonObject().put("channel", channel).put("senderId", senderId).put("senderName", senderName)
        .put("code", code).put("createdAt", createdAt.toEpochMilli()).put("notifiedAt", notifiedAt.toEpochMilli());
  }

  static PendingPairing fromJson(JsonObject json) {
    return new PendingPairing(json.getString("channel"), json.getString("senderId"), json.getString("senderName"),
        json.getString("code"), Instant.ofEpochMilli(json.getLong("createdAt")),
        Instant.ofEpochMilli(json.getLong("notifiedAt", json.getLong("createdAt"))));
  }
}

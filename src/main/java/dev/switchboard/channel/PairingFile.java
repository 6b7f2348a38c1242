package dev.switchboard.channel;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The contents of the pairing file, mutable while one transaction of {@link FilePairingStore} holds
 * it. Shape: {@code {"pending":[PendingPairing…], "approved":{"telegram":["111", …]}}} — plain enough
 * for an operator to read or edit by hand.
 */
final class PairingFile {

  final List<PendingPairing> pending;
  final Map<String, Set<String>> approved;
  private boolean changed;

  private PairingFile(List<PendingPairing> pending, Map<String, Set<String>> approved) {
    this.pending = pending;
    this.approved = approved;
  }

  static PairingFile empty() {
    return new PairingFile(new ArrayList<>(), new LinkedHashMap<>());
  }

  /** Parses the file; a file that is not what this class writes fails with a message naming it. */
  static PairingFile parse(String text, String path) {
    try {
      JsonObject json = new JsonObject(text);
      List<PendingPairing> pending = new ArrayList<>();
      for (Object item : json.getJsonArray("pending", new JsonArray())) {
        pending.add(PendingPairing.fromJson((JsonObject) item));
      }
      Map<String, Set<String>> approved = new LinkedHashMap<>();
      JsonObject approvedJson = json.getJsonObject("approved", new JsonObject());
      for (String channel : approvedJson.fieldNames()) {
        Set<String> senders = new LinkedHashSet<>();
        approvedJson.getJsonArray(channel).forEach(sender -> senders.add((String) sender));
        approved.put(channel, senders);
      }
      return new PairingFile(pending, approved);
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new PairingException("pairing file " + path + " is not valid (" + e.getMessage()
          + "); fix or delete it");
    }
  }

  String encode() {
    JsonArray pendingJson = new JsonArray();
    pending.forEach(pairing -> pendingJson.add(pairing.toJson()));
    JsonObject approvedJson = new JsonObject();
    approved.forEach((channel, senders) -> approvedJson.put(channel, new JsonArray(new ArrayList<>(senders))));
    return new JsonObject().put("pending", pendingJson).put("approved", approvedJson).encodePrettily();
  }

  boolean isApproved(String channel, String senderId) {
    return approved.getOrDefault(channel, Set.of()).contains(senderId);
  }

  void approve(PendingPairing pairing) {
    pending.remove(pairing);
    approved.computeIfAbsent(pairing.channel(), channel -> new LinkedHashSet<>()).add(pairing.senderId());
    changed = true;
  }

  void add(PendingPairing pairing) {
    pending.add(pairing);
    changed = true;
  }

  void replace(PendingPairing old, PendingPairing updated) {
    pending.set(pending.indexOf(old), updated);
    changed = true;
  }

  void removeIf(Predicate<PendingPairing> condition) {
    changed |= pending.removeIf(condition);
  }

  /** Whether a transaction modified the contents, so that they must be written back. */
  boolean changed() {
    return changed;
  }
}

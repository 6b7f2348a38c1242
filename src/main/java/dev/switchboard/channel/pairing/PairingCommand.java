package dev.switchboard.channel.pairing;

import dev.switchboard.store.PairingStore;
import dev.switchboard.store.PairingException;
import dev.switchboard.store.PendingPairing;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The text of {@code switchboard pairing list|approve}. Each future holds what to print on stdout;
 * a failure's message (a {@link PairingException} for an unknown or expired code) is what to print
 * on stderr before exiting non-zero.
 */
public final class PairingCommand {

  private final PairingStore store;
  private final Clock clock;

  public PairingCommand(PairingStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** One line per pending code: channel, code, sender, minutes left. */
  public Future<String> list(String channelOrNull) {
    return store.pending(channelOrNull).map(this::describe);
  }

  public Future<String> approve(String channel, String code) {
    return store.approve(channel, code).map(pairing -> "Approved " + sender(pairing) + " on " + channel
        + ". Their next message will be answered.");
  }

  private String describe(List<PendingPairing> pending) {
    if (pending.isEmpty()) {
      return "No pending pairing codes.";
    }
    Instant now = clock.instant();
    StringBuilder text = new StringBuilder("CHANNEL    CODE      SENDER\n");
    for (PendingPairing pairing : pending) {
      long minutesLeft = Math.max(1, Duration.between(now, pairing.expiresAt()).toMinutes());
      text.append(String.format("%-10s %-9s %s (expires in %d min)%n",
          pairing.channel(), pairing.code(), sender(pairing), minutesLeft));
    }
    text.append("Approve one with: switchboard pairing approve <channel> <code>");
    return text.toString();
  }

  private static String sender(PendingPairing pairing) {
    String name = pairing.senderName();
    return name == null || name.isBlank() ? pairing.senderId() : name + " (" + pairing.senderId() + ")";
  }
}

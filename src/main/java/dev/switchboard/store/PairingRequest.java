package dev.switchboard.store;

/**
 * What {@link PairingStore#request} decided for an unknown sender.
 *
 * @param pairing the sender's pending pairing, or null when {@link Outcome#LIMIT_REACHED}
 */
public record PairingRequest(Outcome outcome, PendingPairing pairing) {

  public enum Outcome {
    /** A code was issued now: tell the sender. */
    NEW_CODE,
    /** The sender already has a code and has not been told for a while: remind them once. */
    REMINDER,
    /** The sender already has a code and was told recently: stay silent. */
    ALREADY_NOTIFIED,
    /** The channel has the maximum of pending codes: ignore the sender. */
    LIMIT_REACHED,
    /** The sender was approved meanwhile (by the CLI): admit the message. */
    APPROVED
  }
}

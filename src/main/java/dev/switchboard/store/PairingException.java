package dev.switchboard.store;

/** A pairing command that cannot be carried out; the message is meant for the operator, as is. */
public final class PairingException extends RuntimeException {

  public PairingException(String message) {
    super(message, null, false, false);
  }
}

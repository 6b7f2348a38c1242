package dev.switchboard.routing;

import dev.switchboard.bus.AskFailure;

/**
 * A turn the chain could not answer. The message is short and readable (it names each model's
 * outcome) and safe to show to an operator or an API client; it carries no stack trace because it
 * is an expected outcome.
 */
public final class ChainException extends RuntimeException {

  private final AskFailure failure;

  public ChainException(AskFailure failure, String message) {
    super(message, null, false, false);
    this.failure = failure;
  }

  /** The chain fails only with ChainException; anything else (the history store failing) is an outage. */
  static ChainException of(Throwable failure) {
    return failure instanceof ChainException chainFailure
        ? chainFailure
        : new ChainException(AskFailure.UNAVAILABLE, "the turn failed: " + failure.getMessage());
  }

  public AskFailure failure() {
    return failure;
  }
}

package dev.switchboard.model;

import java.time.Duration;

/** A failed model call, classified. Carries no stack trace: it is an expected outcome, not a bug. */
public final class ModelException extends RuntimeException {

  private final ModelErrorClass errorClass;
  private final int httpStatus;
  private final Duration retryAfter;

  public ModelException(ModelErrorClass errorClass, String message) {
    this(errorClass, 0, null, message);
  }

  public ModelException(ModelErrorClass errorClass, int httpStatus, Duration retryAfter, String message) {
    super(message, null, false, false);
    this.errorClass = errorClass;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  public ModelErrorClass errorClass() {
    return errorClass;
  }

  /** The HTTP status the backend answered, or 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The backend's Retry-After, or null when it gave none. */
  public Duration retryAfter() {
    return retryAfter;
  }
}

package dev.switchboard.bus;


/**
 * Why a turn produced no model text. The failure code of the {@code ReplyException} on
 * {@link Addresses#ASK} is {@link #failureCode()}. It follows HTTP's numbering, and the
 * OpenAI-compatible API answers with it, except {@link #CONTEXT_OVERFLOW}: OpenAI answers context
 * overflow with 400 and the code {@code context_length_exceeded}, so the API does too.
 */
public enum AskFailure {
  INVALID_REQUEST(400, "invalid_request_error"),
  UNKNOWN_MODEL(404, "model_not_found"),
  /** The session already has as many turns waiting as it may: try again once they are answered. */
  BUSY(429, "session_busy"),
  CONTEXT_OVERFLOW(413, "context_length_exceeded"),
  UNAVAILABLE(503, "all_models_failed"),
  TIMEOUT(504, "timeout");

  private final int failureCode;
  private final String code;

  AskFailure(int failureCode, String code) {
    this.failureCode = failureCode;
    this.code = code;
  }

  public int failureCode() {
    return failureCode;
  }

  /** Stable machine-readable name, as in OpenAI's error {@code code}. */
  public String code() {
    return code;
  }


  public static AskFailure fromFailureCode(int failureCode) {
    for (AskFailure failure : values()) {
      if (failure.failureCode == failureCode) {
        return failure;
      }
    }
    return UNAVAILABLE;
  }
}

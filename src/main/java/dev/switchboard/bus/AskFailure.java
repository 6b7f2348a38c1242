package dev.switchboard.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Why a turn produced no model text. The failure code of the {@link ReplyException} on
 * {@link Addresses#ASK} is {@link #failureCode()}, which is also the HTTP status the API answers.
 */
public enum AskFailure {
  INVALID_REQUEST(400, "invalid_request_error"),
  UNKNOWN_MODEL(404, "model_not_found"),
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

  public ReplyException toReplyException(String message) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, failureCode, message);
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

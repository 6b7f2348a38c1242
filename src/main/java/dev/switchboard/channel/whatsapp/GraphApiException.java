package dev.switchboard.channel.whatsapp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A Graph API call that failed. WhatsApp's meaning is in {@link #code()} ({@code error.code} of the
 * body), not in the HTTP status: the same throttling code has been seen with 400 and 429.
 */
public final class GraphApiException extends RuntimeException {

  private final int code;
  private final int httpStatus;
  private final boolean transientError;

  /**
   * @param code       Graph's {@code error.code}, or 0 when the answer had none (or there was no answer)
   * @param httpStatus the HTTP status, or 0 when no response arrived
   */
  public GraphApiException(int code, int httpStatus, String message) {
    this(code, httpStatus, false, message);
  }

  /** @param transientError Graph's {@code error.is_transient}: the same request may succeed later */
  GraphApiException(int code, int httpStatus, boolean transientError, String message) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
    this.transientError = transientError;
  }

  /** Reads Graph's {@code {"error":{"code","message"}}}; tolerates a body that is not that (a proxy's HTML page). */
  static GraphApiException fromResponse(int httpStatus, Buffer body) {
    JsonObject error = null;
    try {
      Object json = body == null || body.length() == 0 ? null : body.toJsonValue();
      if (json instanceof JsonObject object && object.getValue("error") instanceof JsonObject inner) {
        error = inner;
      }
    } catch (RuntimeException notJson) {
      // Not Graph's error shape: reported by HTTP status alone below.
    }
    if (error == null) {
      return new GraphApiException(0, httpStatus, "HTTP " + httpStatus + " without a Graph error body");
    }
    int code = error.getValue("code") instanceof Number number ? number.intValue() : 0;
    String message = error.getValue("message") instanceof String text ? text : "no message";
    Object details = error.getValue("error_data") instanceof JsonObject data ? data.getValue("details") : null;
    if (details != null && !details.equals(message)) {
      message += " (" + details + ")";
    }
    return new GraphApiException(code, httpStatus, Boolean.TRUE.equals(error.getValue("is_transient")),
        "Graph error " + code + " (HTTP " + httpStatus + "): " + message);
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** Graph said {@code is_transient}: the same request may succeed later. */
  public boolean isTransient() {
    return transientError;
  }

  /** True when WhatsApp refused a free-form message because the 24-hour window is closed. */
  public boolean reengagementRequired() {
    return code == DeliveryFailure.REENGAGEMENT_REQUIRED;
  }
}

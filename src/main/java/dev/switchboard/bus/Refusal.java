package dev.switchboard.bus;

/**
 * Why {@link Addresses#SEND} or {@link Addresses#HANDOVER} refused a request. On the bus it is a
 * {@code ReplyException} whose failure code is {@link #status()} (HTTP's numbering, which
 * {@code /v1/messages} answers with) and whose message starts with {@code <code>: }; see
 * {@link RefusedRequest#from}.
 */
public enum Refusal {
  INVALID_REQUEST(400, "invalid_request"),
  MISSING_TEXT(400, "missing_text"),
  BAD_TEMPLATE(400, "bad_template"),
  UNKNOWN_CHANNEL(404, "unknown_channel"),
  /** WhatsApp: the user last wrote more than 24 hours ago (or never); only a template may reach them. */
  WINDOW_CLOSED(409, "window_closed"),
  UNAVAILABLE(503, "unavailable");

  private final int status;
  private final String code;

  Refusal(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  /** Stable machine-readable name. */
  public String code() {
    return code;
  }

  static Refusal fromCode(String code) {
    for (Refusal refusal : values()) {
      if (refusal.code.equals(code)) {
        return refusal;
      }
    }
    return null;
  }
}

package dev.switchboard.model;

/** How a failed model call is handled by the chain (DESIGN.md §4, error classes). */
public enum ModelErrorClass {
  /**
   * No connection could be made (refused, DNS, TLS handshake, connect timeout): the server is not
   * there, so the chain opens the model's breaker at once.
   */
  CONNECTION("connection", true, true),
  /**
   * The connection broke after the request was sent: reset before any answer, or dropped mid-stream
   * after a 200. The server was there a moment ago, so this counts against the breaker like a 5xx
   * instead of opening it at once.
   */
  BROKEN("broken", true, true),
  /** No first token within firstTokenTimeoutMs, or the stream went idle past idleTimeoutMs. */
  TIMEOUT("timeout", true, true),
  /** 500, 502, 503, 504, 529 or a {@code response.failed}/{@code error} event. */
  SERVER("server_error", true, true),
  /** A 2xx body that could not be understood. */
  MALFORMED("malformed", true, true),
  /** 429: the model cools down until Retry-After; not a sign of ill health. */
  RATE_LIMITED("rate_limit", true, false),
  /** 401, 403, 402, insufficient_quota: a configuration problem, the model is disabled for long. */
  AUTH("auth", true, false),
  /** 404 model_not_found, LM Studio's "no models loaded": disabled for minutes. */
  MODEL_NOT_FOUND("no_model", true, false),
  /** The conversation does not fit the model's context window. */
  CONTEXT_OVERFLOW("context_overflow", true, false),
  /** Any other 400/422: the same request would fail everywhere; the user gets a short error. */
  BAD_REQUEST("invalid_request", false, false),
  /** Nothing left after reasoning was dropped and think-tags were stripped. */
  EMPTY_REPLY("empty_reply", true, false),
  /** Every server of the model has all its connections busy and its wait queue full: try the next model. */
  BUSY("busy", true, false),
  /** The whole turn ran out of time ({@code timeoutSeconds}). */
  DEADLINE("deadline", false, false);

  private final String code;
  private final boolean failsOver;
  private final boolean countsAgainstBreaker;

  ModelErrorClass(String code, boolean failsOver, boolean countsAgainstBreaker) {
    this.code = code;
    this.failsOver = failsOver;
    this.countsAgainstBreaker = countsAgainstBreaker;
  }

  /** Short stable name used in logs, metrics, events and doctor output. */
  public String code() {
    return code;
  }

  /** Whether the next model of the chain is tried after this outcome. */
  public boolean failsOver() {
    return failsOver;
  }

  /** Whether this outcome is a failure in the model's circuit breaker. */
  public boolean countsAgainstBreaker() {
    return countsAgainstBreaker;
  }
}

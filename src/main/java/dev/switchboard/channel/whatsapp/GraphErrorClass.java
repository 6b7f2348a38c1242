package dev.switchboard.channel.whatsapp;

import java.net.ConnectException;
import java.util.Set;

/** What the client does after a failed Graph API call. */
enum GraphErrorClass {
  /** Rate limits (throughput, pair limit, app and account call limits): back off steeply, then retry. */
  THROTTLED(4),
  /** A server-side failure, or a connection that never opened: back off, then retry. */
  TRANSIENT(2),
  /**
   * Final: the request was refused (bad token, closed 24-hour window, undeliverable…), or it may have
   * reached WhatsApp without an answer coming back. Graph has no idempotency key, so re-sending after
   * an ambiguous timeout could deliver the message twice.
   */
  FINAL(0);

  private static final Set<Integer> THROTTLING_CODES = Set.of(4, 80007, 130429, 131056);
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 131000, 131016);

  /** How much each backoff grows over the previous one (Meta advises 4^n seconds for the pair limit). */
  final int backoffFactor;

  GraphErrorClass(int backoffFactor) {
    this.backoffFactor = backoffFactor;
  }

  static GraphErrorClass of(Throwable failure) {
    if (failure instanceof GraphApiException graph) {
      return ofResponse(graph.code(), graph.httpStatus());
    }
    // Nothing was written when the connection could not be opened, so a retry cannot duplicate.
    if (failure instanceof ConnectException || failure instanceof io.netty.channel.ConnectTimeoutException) {
      return TRANSIENT;
    }
    return FINAL;
  }

  private static GraphErrorClass ofResponse(int code, int httpStatus) {
    if (THROTTLING_CODES.contains(code) || (code == 0 && httpStatus == 429)) {
      return THROTTLED;
    }
    if (TRANSIENT_CODES.contains(code) || httpStatus >= 500) {
      return TRANSIENT;
    }
    return FINAL;
  }
}

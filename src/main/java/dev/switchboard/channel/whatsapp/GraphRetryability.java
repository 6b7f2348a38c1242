package dev.switchboard.channel.whatsapp;

import dev.switchboard.channel.delivery.Retryability;

import java.net.ConnectException;
import java.util.Set;

/**
 * Whether a failed Graph API send may go again ({@link dev.switchboard.channel.delivery.RetryLoop}).
 * Graph names no wait, so throttling and server failures both take the policy's backoff. Graph has
 * no idempotency key: a request that may have reached WhatsApp without an answer is never re-sent,
 * since the user could get the message twice.
 */
final class GraphRetryability {

  /**
   * App call limit (4), account limit (80007), throughput (130429), pair limit (131056, which also
   * slows the pacing down). Not the spam limit 131048: it lifts with the number's quality, not in seconds.
   */
  private static final Set<Integer> THROTTLING_CODES = Set.of(4, 80007, 130429, 131056);
  /** Unknown errors Meta documents as worth retrying. */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 131000, 131016);

  private GraphRetryability() {
  }

  static Retryability of(Throwable failure) {
    if (failure instanceof GraphApiException graph) {
      return ofResponse(graph);
    }
    return neverSent(failure) ? Retryability.RETRYABLE : Retryability.PERMANENT;
  }

  /** Nothing was written when the connection could not be opened, so a retry cannot duplicate. */
  static boolean neverSent(Throwable failure) {
    return failure instanceof ConnectException || failure instanceof io.netty.channel.ConnectTimeoutException;
  }

  private static Retryability ofResponse(GraphApiException graph) {
    int code = graph.code();
    boolean throttled = THROTTLING_CODES.contains(code) || (code == 0 && graph.httpStatus() == 429);
    boolean passing = TRANSIENT_CODES.contains(code) || graph.isTransient() || graph.httpStatus() >= 500;
    return throttled || passing ? Retryability.RETRYABLE : Retryability.PERMANENT;
  }
}

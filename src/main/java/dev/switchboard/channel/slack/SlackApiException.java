package dev.switchboard.channel.slack;

import dev.switchboard.channel.delivery.Retryability;

/**
 * A Web API call that did not succeed. {@link #error()} is Slack's own error code
 * ({@code channel_not_found}, {@code invalid_auth}, {@code ratelimited}…) or one of the bridge's:
 * {@code http_<status>}, {@code timeout} (the request was sent but no answer came, so it is never
 * resent), {@code unreachable}, {@code malformed_response}. The message never contains the token.
 */
public final class SlackApiException extends RuntimeException {

  private final String method;
  private final String error;
  private final Retryability retryability;

  /** A failure that sending again would not cure. */
  public SlackApiException(String method, String error, String detail) {
    this(method, error, detail, Retryability.PERMANENT);
  }

  /** @param retryability whether (and after what wait) the same call may be made again */
  public SlackApiException(String method, String error, String detail, Retryability retryability) {
    super(method + " failed: " + error + (detail == null ? "" : " (" + detail + ")"), null, false, false);
    this.method = method;
    this.error = error;
    this.retryability = retryability;
  }

  public String method() {
    return method;
  }

  public String error() {
    return error;
  }

  public Retryability retryability() {
    return retryability;
  }

  /** How the {@link dev.switchboard.channel.delivery.RetryLoop} treats a failed call. */
  static Retryability retryabilityOf(Throwable failure) {
    return failure instanceof SlackApiException slack ? slack.retryability : Retryability.PERMANENT;
  }
}

package dev.switchboard.channel.slack;

/**
 * A Web API call that did not succeed. {@link #error()} is Slack's own error code
 * ({@code channel_not_found}, {@code invalid_auth}, {@code ratelimited}…) or one of the bridge's:
 * {@code http_<status>}, {@code timeout} (the request was sent but no answer came, so it is never
 * resent), {@code unreachable}, {@code malformed_response}. The message never contains the token.
 */
public final class SlackApiException extends RuntimeException {

  private final String method;
  private final String error;

  public SlackApiException(String method, String error, String detail) {
    super(method + " failed: " + error + (detail == null ? "" : " (" + detail + ")"), null, false, false);
    this.method = method;
    this.error = error;
  }

  public String method() {
    return method;
  }

  public String error() {
    return error;
  }
}

package dev.switchboard.channel.slack;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.channel.RequiredSecrets;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigNode;

import java.util.List;

/**
 * The {@code channels.slack} section: the Bot User OAuth token, the app's Signing Secret, where the
 * Web API lives and how patiently sends are retried. A secret whose {@code ${VAR}} is unset is kept
 * as null and named in {@link #missing()}, so that {@code check} can say what to set and the channel
 * is simply not started.
 *
 * @param botToken             {@code xoxb-…}, or null when missing
 * @param signingSecret        the app's Signing Secret, or null when missing
 * @param apiBaseUrl           Web API root, without a trailing slash
 * @param requestTimeoutMs     longest wait for Slack's answer to one API call, in milliseconds
 * @param maxSendAttempts      attempts per message when Slack rate-limits or fails with a 5xx
 * @param retryBackoffMs       wait before retrying a 5xx or refused connection (doubled each time), in milliseconds
 * @param maxRetryAfterSeconds longest {@code Retry-After} honoured; a longer one fails the send, in seconds
 * @param common               dmPolicy (default {@code open}), allowFrom and the other options all channels share
 * @param missing              operator-phrased reasons for each required value that is absent
 */
public record SlackOptions(String botToken, String signingSecret, String apiBaseUrl, long requestTimeoutMs,
                           int maxSendAttempts, long retryBackoffMs, long maxRetryAfterSeconds,
                           ChannelOptions common, List<String> missing) {

  public static final String DEFAULT_API_BASE_URL = "https://slack.com/api";
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_MAX_SEND_ATTEMPTS = 3;
  public static final long DEFAULT_RETRY_BACKOFF_MS = 1_000;
  public static final long DEFAULT_MAX_RETRY_AFTER_SECONDS = 30;

  public SlackOptions {
    apiBaseUrl = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
    missing = List.copyOf(missing);
  }

  /**
   * Reads the section; unknown keys, wrong types and out-of-range numbers throw a
   * {@code ConfigException} naming the key.
   */
  public static SlackOptions from(ConfigNode node) {
    node.allowOnly(ChannelOptions.withCommonKeys("botToken", "signingSecret", "apiBaseUrl", "requestTimeoutMs",
        "maxSendAttempts", "retryBackoffMs", "maxRetryAfterSeconds", "streaming"));
    RequiredSecrets secrets = new RequiredSecrets(node);
    String botToken = secrets.get("botToken");
    String signingSecret = secrets.get("signingSecret");
    String apiBaseUrl = node.string("apiBaseUrl", DEFAULT_API_BASE_URL);
    if (!apiBaseUrl.startsWith("https://") && !apiBaseUrl.startsWith("http://")) {
      throw new ConfigException(node.pathOf("apiBaseUrl"), "must be an http(s) URL, not \"" + apiBaseUrl + "\"");
    }
    return new SlackOptions(botToken, signingSecret, apiBaseUrl,
        node.number("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS, 100, 600_000),
        node.integer("maxSendAttempts", DEFAULT_MAX_SEND_ATTEMPTS, 1, 10),
        node.number("retryBackoffMs", DEFAULT_RETRY_BACKOFF_MS, 0, 60_000),
        node.number("maxRetryAfterSeconds", DEFAULT_MAX_RETRY_AFTER_SECONDS, 0, 3_600),
        ChannelOptions.from(node, DmPolicy.OPEN), secrets.missing());
  }

  /** True when both secrets are present: only then may the channel start. */
  public boolean complete() {
    return missing.isEmpty();
  }

  /** Keeps the token out of logs and error messages should the record ever be printed. */
  @Override
  public String toString() {
    return "SlackOptions[apiBaseUrl=" + apiBaseUrl + ", botToken=" + (botToken == null ? "missing" : "set")
        + ", signingSecret=" + (signingSecret == null ? "missing" : "set") + "]";
  }
}

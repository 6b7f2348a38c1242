package dev.switchboard.channel.telegram;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.channel.RequiredSecrets;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigNode;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code channels.telegram} section: Telegram's own keys plus the {@link ChannelOptions} every
 * channel shares (dmPolicy, allowFrom, groups.requireMention…); unknown keys are rejected. The two secrets usually come from {@code ${VAR}}s;
 * when one is unset the options still load, {@link #missing()} says which, and the channel is not
 * started (so {@code check} and {@code doctor} can report it by name).
 *
 * @param botToken             the token @BotFather gave, or null when missing
 * @param webhookSecret        the {@code secret_token} given to {@code setWebhook}, or null when missing
 * @param apiBaseUrl           Bot API root, without a trailing slash
 * @param requestTimeoutMs     connect plus idle deadline of one API call, in milliseconds
 * @param maxSendAttempts      attempts per message on 429 and 5xx, the first one included
 * @param maxRetryAfterSeconds a 429 asking to wait longer than this is given up, in seconds
 * @param serverErrorBackoffMs wait before retrying after a 5xx, doubled per attempt, in milliseconds
 * @param channel              access, mention and chunking options common to all channels
 * @param missing              why a required secret is unavailable, one operator-readable line each
 */
public record TelegramOptions(String botToken, String webhookSecret, String apiBaseUrl, long requestTimeoutMs,
                              int maxSendAttempts, long maxRetryAfterSeconds, long serverErrorBackoffMs,
                              ChannelOptions channel, List<String> missing) {

  public static final String DEFAULT_API_BASE_URL = "https://api.telegram.org";
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
  public static final int DEFAULT_MAX_SEND_ATTEMPTS = 4;
  public static final long DEFAULT_MAX_RETRY_AFTER_SECONDS = 60;
  public static final long DEFAULT_SERVER_ERROR_BACKOFF_MS = 1_000;

  /** What {@code setWebhook} accepts as {@code secret_token}. */
  private static final Pattern SECRET_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

  /** Telegram's own keys, besides {@link ChannelOptions#COMMON_KEYS}. */
  public static final List<String> OWN_KEYS = List.of("botToken", "webhookSecret", "apiBaseUrl",
      "requestTimeoutMs", "maxSendAttempts", "maxRetryAfterSeconds", "serverErrorBackoffMs", "streaming");

  public TelegramOptions {
    apiBaseUrl = stripTrailingSlash(apiBaseUrl);
    missing = List.copyOf(missing);
  }

  /**
   * Reads the section; wrong types and out-of-range numbers throw a {@code ConfigException} with the
   * path, while unset secrets are only collected in {@link #missing()}.
   */
  public static TelegramOptions from(ConfigNode node) {
    node.allowOnly(ChannelOptions.withCommonKeys(OWN_KEYS.toArray(String[]::new)));
    RequiredSecrets secrets = new RequiredSecrets(node);
    String botToken = secrets.get("botToken");
    String webhookSecret = secrets.get("webhookSecret");
    if (webhookSecret != null && !SECRET_TOKEN.matcher(webhookSecret).matches()) {
      throw new ConfigException(node.pathOf("webhookSecret"),
          "must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram rejects others)");
    }
    return new TelegramOptions(botToken, webhookSecret,
        node.string("apiBaseUrl", DEFAULT_API_BASE_URL),
        node.number("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS, 100, 600_000),
        node.integer("maxSendAttempts", DEFAULT_MAX_SEND_ATTEMPTS, 1, 10),
        node.number("maxRetryAfterSeconds", DEFAULT_MAX_RETRY_AFTER_SECONDS, 1, 3_600),
        node.number("serverErrorBackoffMs", DEFAULT_SERVER_ERROR_BACKOFF_MS, 0, 60_000),
        ChannelOptions.from(node, DmPolicy.PAIRING),
        secrets.missing());
  }

  /** True when both secrets are present and the channel can start. */
  public boolean isComplete() {
    return missing.isEmpty();
  }

  /** Never prints the token or the secret: options end up in logs and error messages. */
  @Override
  public String toString() {
    return "TelegramOptions[apiBaseUrl=" + apiBaseUrl + ", botToken=" + redacted(botToken)
        + ", webhookSecret=" + redacted(webhookSecret) + ", requestTimeoutMs=" + requestTimeoutMs
        + ", maxSendAttempts=" + maxSendAttempts + ", maxRetryAfterSeconds=" + maxRetryAfterSeconds
        + ", serverErrorBackoffMs=" + serverErrorBackoffMs + ", channel=" + channel + ", missing=" + missing + "]";
  }

  private static String redacted(String secret) {
    return secret == null ? "unset" : "***";
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

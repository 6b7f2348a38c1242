package dev.switchboard.channel.whatsapp;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.channel.RequiredSecrets;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigNode;

import java.net.URI;
import java.util.List;

/**
 * The {@code channels.whatsapp} section: WhatsApp's own keys plus the {@link ChannelOptions} every
 * channel shares (dmPolicy, allowFrom, textChunkLimit…); unknown keys are rejected. The three secrets
 * usually come from {@code ${VAR}}s; a missing one does not fail the whole configuration, it keeps
 * this channel from starting and is listed by {@link #missingSecrets()} for {@code check} and {@code doctor}.
 *
 * @param accessToken       System User token for the Graph API, or null when missing
 * @param appSecret         the Meta app's App Secret, key of the webhook signatures, or null when missing
 * @param verifyToken       the string Meta echoes back when the webhook URL is registered, or null when missing
 * @param apiBaseUrl        Graph API root with its pinned version, no trailing slash
 * @param phoneNumberId     the business number {@code doctor} looks up, or null (replies always go out from the
 *                          number that received the message)
 * @param requestTimeoutMs  longest silence allowed on a Graph API call once it was sent, in milliseconds
 * @param sendAttempts      attempts per message on throttling and server errors, the first one included
 * @param retryDelayMs      first backoff after a throttling or server error, in milliseconds; later ones grow
 * @param typingRefreshMs   how often read + typing is re-sent while the model works, in milliseconds
 *                          (WhatsApp clears the indicator after 25 s)
 * @param channel           access and chunking options common to all channels
 * @param missingSecrets    one operator-readable line per required secret that is not set
 */
public record WhatsAppOptions(String accessToken, String appSecret, String verifyToken, String apiBaseUrl,
                              String phoneNumberId, NonTextMessages nonTextMessages, long requestTimeoutMs,
                              int sendAttempts, long retryDelayMs, long typingRefreshMs,
                              ChannelOptions channel, List<String> missingSecrets) {

  public static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com/v23.0";
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
  public static final int DEFAULT_SEND_ATTEMPTS = 3;
  public static final long DEFAULT_RETRY_DELAY_MS = 1_000;
  public static final long DEFAULT_TYPING_REFRESH_MS = 20_000;

  /** WhatsApp's own keys, besides {@link ChannelOptions#COMMON_KEYS}. */
  public static final List<String> OWN_KEYS = List.of("accessToken", "appSecret", "verifyToken", "apiBaseUrl",
      "phoneNumberId", "nonTextMessages", "requestTimeoutMs", "sendAttempts", "retryDelayMs", "typingRefreshMs");

  public WhatsAppOptions {
    missingSecrets = List.copyOf(missingSecrets);
  }

  /**
   * Reads and validates the section. Wrong types, unknown keys and a malformed {@code apiBaseUrl} are
   * {@link ConfigException}s; missing secrets are not (see {@link #missingSecrets()}).
   */
  public static WhatsAppOptions from(ConfigNode node) {
    node.allowOnly(ChannelOptions.withCommonKeys(OWN_KEYS.toArray(String[]::new)));

    RequiredSecrets secrets = new RequiredSecrets(node);
    String accessToken = secrets.get("accessToken");
    String appSecret = secrets.get("appSecret");
    String verifyToken = secrets.get("verifyToken");
    String phoneNumberId = node.secret("phoneNumberId").orElse(null);
    return new WhatsAppOptions(accessToken, appSecret, verifyToken, baseUrl(node), phoneNumberId,
        node.oneOf("nonTextMessages", NonTextMessages.BY_NAME, NonTextMessages.REPLY),
        node.number("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS, 1, 600_000),
        node.integer("sendAttempts", DEFAULT_SEND_ATTEMPTS, 1, 10),
        node.number("retryDelayMs", DEFAULT_RETRY_DELAY_MS, 0, 600_000),
        node.number("typingRefreshMs", DEFAULT_TYPING_REFRESH_MS, 1, 24_000),
        ChannelOptions.from(node, DmPolicy.PAIRING),
        secrets.missing());
  }

  /** True when every required secret is set: only then may the channel start. */
  public boolean startable() {
    return missingSecrets.isEmpty();
  }

  /** Never prints the secrets: options end up in logs and error messages. */
  @Override
  public String toString() {
    return "WhatsAppOptions[apiBaseUrl=" + apiBaseUrl + ", accessToken=" + redacted(accessToken) + ", appSecret="
        + redacted(appSecret) + ", verifyToken=" + redacted(verifyToken) + ", phoneNumberId=" + phoneNumberId
        + ", nonTextMessages=" + nonTextMessages + ", requestTimeoutMs=" + requestTimeoutMs + ", sendAttempts="
        + sendAttempts + ", retryDelayMs=" + retryDelayMs + ", typingRefreshMs=" + typingRefreshMs + ", channel="
        + channel + ", missingSecrets=" + missingSecrets + "]";
  }

  private static String redacted(String secret) {
    return secret == null ? "unset" : "***";
  }

  private static String baseUrl(ConfigNode node) {
    String value = node.string("apiBaseUrl", DEFAULT_API_BASE_URL).trim();
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(node.pathOf("apiBaseUrl"), "\"" + value + "\" is not a URL");
    }
    if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new ConfigException(node.pathOf("apiBaseUrl"), "\"" + value + "\" is not an http(s) URL");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }
}

package dev.switchboard.channel.http;

import dev.switchboard.config.ConfigNode;

/**
 * {@code channels.http}: the OpenAI-compatible endpoint.
 *
 * @param token             the bearer token clients must send, or null when none is configured; without a
 *                          token the endpoint only answers on a loopback bind
 * @param eventsHeartbeatMs how often {@code /v1/events} sends a comment to keep a quiet stream open
 * @param eventsBufferBytes how far a {@code /v1/events} client may fall behind before it is disconnected
 */
public record HttpApiOptions(boolean enabled, String token, long eventsHeartbeatMs, int eventsBufferBytes) {

  public static final long DEFAULT_EVENTS_HEARTBEAT_MS = 15_000;
  public static final int DEFAULT_EVENTS_BUFFER_BYTES = 256 * 1024;

  /** The endpoint with the default {@code /v1/events} settings. */
  public HttpApiOptions(boolean enabled, String token) {
    this(enabled, token, DEFAULT_EVENTS_HEARTBEAT_MS, DEFAULT_EVENTS_BUFFER_BYTES);
  }

  public static HttpApiOptions from(ConfigNode node) {
    node.allowOnly("enabled", "token", "eventsHeartbeatMs", "eventsBufferBytes");
    return new HttpApiOptions(node.bool("enabled", true), node.secret("token").orElse(null),
        node.number("eventsHeartbeatMs", DEFAULT_EVENTS_HEARTBEAT_MS, 10, 600_000),
        node.integer("eventsBufferBytes", DEFAULT_EVENTS_BUFFER_BYTES, 1024, 64 * 1024 * 1024));
  }
}

package dev.switchboard.channel.http;

import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.Redaction;

/**
 * {@code channels.http}: the OpenAI-compatible endpoint.
 *
 * @param token the bearer token clients must send, or null when none is configured; without a
 *              token the endpoint only answers on a loopback bind
 */
public record HttpApiOptions(boolean enabled, String token) {

  public static HttpApiOptions from(ConfigNode node) {
    node.allowOnly("enabled", "token");
    return new HttpApiOptions(node.bool("enabled", true), node.secret("token").orElse(null));
  }

  /** Keys and tokens masked: this record reaches logs and error messages. */
  @Override
  public String toString() {
    return Redaction.render(this);
  }
}

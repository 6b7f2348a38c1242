package dev.switchboard.config;

/**
 * The whole configuration, validated. Channels stay as {@link ConfigNode}s: each channel reads and
 * validates its own section, so that a channel missing its tokens can be reported and skipped.
 */
public record SwitchboardConfig(GatewayConfig gateway, ModelCatalog models, ConfigNode channels,
                                SessionConfig session, MessagesConfig messages, CommandsConfig commands) {

  public AgentDefaults agent() {
    return models.agent();
  }
}

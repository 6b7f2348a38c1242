package dev.switchboard.config;

/**
 * The whole configuration, validated. Channels stay as {@link ConfigNode}s: each channel reads and
 * validates its own section, so that a channel missing its tokens can be reported and skipped.
 */
public record SwitchboardConfig(GatewayConfig gateway, ModelCatalog models, ConfigNode channels,
                                SessionConfig session, MessagesConfig messages, ClusterConfig cluster,
                                StreamingConfig streaming, MediaConfig media) {

  public SwitchboardConfig(GatewayConfig gateway, ModelCatalog models, ConfigNode channels, SessionConfig session,
                           MessagesConfig messages) {
    this(gateway, models, channels, session, messages, ClusterConfig.standalone(), StreamingConfig.DEFAULT,
        MediaConfig.defaults());
  }

  /** The same configuration with the cluster on ({@code run --cluster}); a SQLite store is refused. */
  public SwitchboardConfig clustered() {
    if (!session.sharedStore()) {
      throw new ConfigException("cluster.enabled", "a cluster needs a shared PostgreSQL store: set"
          + " session.store.url (the SQLite file at session.store.path serves one node only)");
    }
    return new SwitchboardConfig(gateway, models, channels, session, messages, cluster.enabledByCommandLine(),
        streaming, media);
  }

  public AgentDefaults agent() {
    return models.agent();
  }
}

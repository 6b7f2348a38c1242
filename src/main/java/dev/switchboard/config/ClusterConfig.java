package dev.switchboard.config;

import java.util.List;

/**
 * {@code cluster}: whether this node joins others through Vert.x's Hazelcast cluster manager, and how
 * (DESIGN.md §10).
 *
 * @param name            Hazelcast cluster name: nodes and other applications with the same name join
 * @param host            address this node binds and advertises (Hazelcast member and event bus)
 * @param port            Hazelcast member port; 0 = a free one
 * @param members         TCP-IP join list, {@code host:port}
 * @param hazelcastConfig a Hazelcast XML or YAML file that replaces host, port and members, or null
 * @param leaseSeconds    work held by a node that stopped answering is taken over after this
 */
public record ClusterConfig(boolean enabled, String name, String host, int port, List<String> members,
                            String hazelcastConfig, int leaseSeconds) {

  public static final String DEFAULT_NAME = "switchboard";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_LEASE_SECONDS = 30;

  /** No cluster: one node. */
  public static ClusterConfig standalone() {
    return new ClusterConfig(false, DEFAULT_NAME, DEFAULT_HOST, DEFAULT_PORT, List.of(DEFAULT_HOST + ":" + DEFAULT_PORT),
        null, DEFAULT_LEASE_SECONDS);
  }

  /** The same settings with the cluster on ({@code run --cluster}). */
  public ClusterConfig enabledByCommandLine() {
    return new ClusterConfig(true, name, host, port, members, hazelcastConfig, leaseSeconds);
  }

  static ClusterConfig read(ConfigNode cluster) {
    cluster.allowOnly("enabled", "name", "host", "port", "members", "hazelcastConfig", "leaseSeconds");
    String host = cluster.string("host", DEFAULT_HOST);
    int port = cluster.integer("port", DEFAULT_PORT, 0, 65_535);
    List<String> members = cluster.has("members") ? cluster.strings("members") : List.of(host + ":" + port);
    for (int i = 0; i < members.size(); i++) {
      if (!members.get(i).matches("[^:\\s]+(:\\d{1,5})?")) {
        throw new ConfigException(cluster.pathOf("members") + "[" + i + "]",
            "\"" + members.get(i) + "\" is not host:port");
      }
    }
    String name = cluster.string("name", DEFAULT_NAME);
    if (name.isBlank()) {
      throw new ConfigException(cluster.pathOf("name"), "must not be empty");
    }
    return new ClusterConfig(cluster.bool("enabled", false), name, host, port, members,
        cluster.string("hazelcastConfig", null), cluster.integer("leaseSeconds", DEFAULT_LEASE_SECONDS, 2, 3600));
  }
}

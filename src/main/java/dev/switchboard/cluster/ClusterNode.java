package dev.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.config.ClusterConfig;
import dev.switchboard.ops.NodeOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Function;

/**
 * This process as a member of the Switchboard cluster: a Hazelcast member found by TCP-IP join on
 * the configured {@code members} (multicast and auto-detection off, nothing sent home), or configured
 * by the operator's own Hazelcast file, and a Vert.x instance whose event bus spans every member.
 * Other applications join with the same {@code name} and {@code members} and only vertx-core and
 * vertx-hazelcast on their classpath.
 */
public final class ClusterNode {

  /** The cluster-manager attribute Vert.x reads its node id from. */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final HazelcastInstance hazelcast;
  private final HazelcastClusterManager manager;
  private final Vertx vertx;

  private ClusterNode(HazelcastInstance hazelcast, HazelcastClusterManager manager, Vertx vertx) {
    this.hazelcast = hazelcast;
    this.manager = manager;
    this.vertx = vertx;
  }

  /**
   * Joins the cluster (blocking while Hazelcast starts: call it before any event loop exists, as the
   * command line does) and starts the clustered Vert.x instance.
   */
  public static Future<ClusterNode> join(ClusterConfig cluster) {
    return join(cluster, options -> Vertx.builder().with(options));
  }

  /**
   * As {@link #join(ClusterConfig)}, the Vert.x instance made by {@code builder} from the event-bus
   * options (the command line passes its metrics' builder, so that a node reports the same meters).
   */
  public static Future<ClusterNode> join(ClusterConfig cluster, Function<VertxOptions, VertxBuilder> builder) {
    Config config;
    try {
      config = hazelcastConfig(cluster);
    } catch (FileNotFoundException | RuntimeException e) {
      return Future.failedFuture("cluster: cannot use the Hazelcast settings: " + e.getMessage());
    }
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    return builder.apply(NodeOptions.vertxOptions().setEventBusOptions(new EventBusOptions().setHost(cluster.host()).setPort(0)))
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new ClusterNode(hazelcast, manager, vertx))
        .onFailure(failed -> hazelcast.shutdown());
  }

  private static Config hazelcastConfig(ClusterConfig cluster) throws FileNotFoundException {
    Config config;
    if (cluster.hazelcastConfig() != null) {
      // The operator's file decides the network (Kubernetes discovery, say); it should keep the
      // __vertx.* maps of Vert.x's default-cluster.xml.
      config = Config.loadFromFile(Path.of(cluster.hazelcastConfig()).toFile());
    } else {
      config = ConfigUtil.loadConfig();
      NetworkConfig network = config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(false);
      network.getInterfaces().setEnabled(true).addInterface(cluster.host());
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    }
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // Vert.x closes Hazelcast itself; a hook of Hazelcast's own would leave the member before the bridge stops.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A member that stopped answering leaves the cluster (and its event-bus consumers) within this.
    config.setProperty("hazelcast.max.no.heartbeat.seconds",
        String.valueOf(Math.max(5, Math.min(10, cluster.leaseSeconds()))));
    config.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, UUID.randomUUID().toString());
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The Hazelcast member port this node got (the config may say 0). */
  public int memberPort() {
    return hazelcast.getCluster().getLocalMember().getAddress().getPort();
  }

  /** For {@code /readyz}: {@code {nodeId, members}}, the members as their node ids. */
  public JsonObject status() {
    return new JsonObject().put("nodeId", manager.getNodeId()).put("members", new JsonArray(manager.getNodes()));
  }
}

import com.hazelcast.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Another application on Switchboard's bus: java AskSwitchboard CLUSTER_NAME MEMBER TEXT. */
public class AskSwitchboard {
  public static void main(String[] args) {
    Config hz = ConfigUtil.loadConfig().setClusterName(args[0]);
    hz.getNetworkConfig().setPort(0).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    hz.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(args[1]);
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
        .withClusterManager(new HazelcastClusterManager(hz)).buildClustered().await();
    JsonObject reply = vertx.eventBus().<JsonObject>request("switchboard.ask",
        new JsonObject().put("session", "my-app:42").put("text", args[2])).await().body();
    System.out.println(reply.getString("text") + " [" + reply.getString("model") + "]");
    vertx.close().await();
  }
}

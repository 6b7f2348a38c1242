package dev.switchboard.app;

import dev.switchboard.channel.http.HttpApiOptions;
import dev.switchboard.channel.http.OpenAiApi;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.model.ModelClients;
import dev.switchboard.ops.ChannelStatus;
import dev.switchboard.ops.Metrics;
import dev.switchboard.ops.OpsRoutes;
import dev.switchboard.routing.InMemorySessionHistory;
import dev.switchboard.routing.RouterVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;

import java.util.List;
import java.util.Set;

/**
 * Composes the bridge: the router, the channels, the OpenAI-compatible API and the ops routes, all
 * on one gateway port, which opens only once every part is ready.
 */
public final class MainVerticle extends VerticleBase {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final SwitchboardConfig config;
  private final Metrics metrics = new Metrics();
  private HttpServer server;
  private ChannelDeployment channels;

  public MainVerticle(SwitchboardConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Gateway gateway = new Gateway(vertx, config.gateway());
    Future<String> router = vertx.deployVerticle(new RouterVerticle(config.models(), new ModelClients(vertx),
        new InMemorySessionHistory(), metrics));
    channels = new ChannelDeployment(vertx, config, gateway.router());
    HttpApiOptions http = HttpApiOptions.from(config.channels().object("http"));
    if (http.enabled()) {
      new OpenAiApi(vertx, http, LOOPBACK.contains(config.gateway().bind()), config.models(),
          config.agent().timeoutSeconds() * 1000L).mount(gateway.router());
    }
    return Future.all(router, channels.deploy())
        .compose(deployed -> {
          new OpsRoutes(vertx, metrics, channels.statuses(), "memory").mount(gateway.router());
          return gateway.listen();
        })
        .onSuccess(listening -> server = listening);
  }

  /** The port the gateway listens on (useful when the config says 0). */
  public int port() {
    return server.actualPort();
  }

  /** The channels' states, for the start-up summary. */
  public List<ChannelStatus> channelStatuses() {
    return channels.statuses();
  }
}

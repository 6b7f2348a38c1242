package dev.switchboard.app;

import dev.switchboard.channel.http.HttpApiOptions;
import dev.switchboard.channel.http.OpenAiApi;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.model.ModelClients;
import dev.switchboard.ops.Metrics;
import dev.switchboard.ops.OperatorAccess;
import dev.switchboard.ops.OpsRoutes;
import dev.switchboard.ops.WebhookAcks;
import dev.switchboard.routing.RouterVerticle;
import dev.switchboard.store.SqliteStore;
import dev.switchboard.store.StoreOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;

import java.time.Clock;

import java.util.Set;

/**
 * Composes the bridge: the store, the router, the channels, the OpenAI-compatible API and the ops
 * routes, all on one gateway port, which opens once every part is ready (a channel that cannot start
 * yet is tried again meanwhile) and the messages left unanswered by the last run are on their way again.
 */
public final class MainVerticle extends VerticleBase {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final SwitchboardConfig config;
  private final RetryBackoff channelRetry;
  private final Metrics metrics;
  private SqliteStore store;
  private ChannelDeployment channels;
  private HttpServer server;

  public MainVerticle(SwitchboardConfig config) {
    this(config, new Metrics());
  }

  /**
   * A bridge whose meters go to {@code metrics}: pass the one whose {@link Metrics#vertxBuilder} made
   * this Vert.x instance, so that {@code /metrics} shows its HTTP, pool and JVM meters too.
   */
  public MainVerticle(SwitchboardConfig config, Metrics metrics) {
    this(config, RetryBackoff.DEFAULT, metrics);
  }

  /** A bridge whose channels that fail to start are tried again after {@code channelRetry}. */
  MainVerticle(SwitchboardConfig config, RetryBackoff channelRetry) {
    this(config, channelRetry, new Metrics());
  }

  private MainVerticle(SwitchboardConfig config, RetryBackoff channelRetry, Metrics metrics) {
    this.config = config;
    this.channelRetry = channelRetry;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    return SqliteStore.open(vertx, StoreOptions.from(config.session()), Clock.systemUTC())
        .compose(opened -> {
          store = opened;
          return startParts();
        });
  }

  private Future<HttpServer> startParts() {
    Gateway gateway = new Gateway(vertx, config.gateway());
    WebhookAcks.measure(gateway.router(), metrics, ChannelDeployment.channelNames());
    Future<String> router = vertx.deployVerticle(new RouterVerticle(config.models(), new ModelClients(vertx),
        store.sessionHistory(), store.sessionPreferences(), metrics).warmingUpModels().withCommands(config.commands()));
    channels = new ChannelDeployment(vertx, config, gateway.router(), store, channelRetry);
    InboxReplay replay = new InboxReplay(vertx, store.inbox());
    HttpApiOptions http = HttpApiOptions.from(config.channels().object("http"));
    if (http.enabled()) {
      new OpenAiApi(vertx, http, LOOPBACK.contains(config.gateway().bind()), config.models(),
          config.agent().timeoutSeconds() * 1000L).mount(gateway.router());
    }
    return Future.all(router, channels.deploy(replay::channelStarted))
        .compose(deployed -> replay.replay(channels::status))
        .compose(replayed -> {
          new OpsRoutes(vertx, metrics, channels::statuses, store::isOpen, store.path(),
              new OperatorAccess(config.gateway().opsToken())).mount(gateway.router());
          return gateway.listen();
        })
        .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    if (channels != null) {
      channels.stop();
    }
    return store == null ? Future.succeededFuture() : store.close();
  }

  /** The port the gateway listens on (useful when the config says 0). */
  public int port() {
    return server.actualPort();
  }
}

package dev.switchboard.app;

import dev.switchboard.channel.delivery.SendDispatcher;
import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.channel.http.EventLog;
import dev.switchboard.channel.http.HttpApiOptions;
import dev.switchboard.channel.http.MessagingApi;
import dev.switchboard.channel.http.OpenAiApi;
import dev.switchboard.cluster.ClusterNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.lanes.Arrivals;
import dev.switchboard.lanes.Backlog;
import dev.switchboard.model.ModelClients;
import dev.switchboard.ops.Metrics;
import dev.switchboard.routing.ChainAsks;
import dev.switchboard.routing.ModelChain;
import dev.switchboard.routing.ModelServers;
import dev.switchboard.ops.OperatorAccess;
import dev.switchboard.ops.OpsRoutes;
import dev.switchboard.ops.HttpRequests;
import dev.switchboard.ops.WebhookAcks;
import dev.switchboard.routing.RouterVerticle;
import dev.switchboard.routing.handover.Handover;
import dev.switchboard.store.Store;
import dev.switchboard.store.Stores;
import io.micrometer.core.instrument.Meter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Composes the bridge: the store, the router (with human handover), the channels (taking messages to
 * people on {@code switchboard.send}), the OpenAI-compatible and messaging APIs and the ops routes,
 * all on one gateway port, which opens once every part is ready (a channel that cannot start
 * yet is tried again meanwhile) and the messages left unanswered by the last run are on their way again.
 * The router and each channel run on a context of their own; the gateway runs {@code gateway.instances}
 * verticles sharing the port, which hand webhooks to the channels through {@link WebhookRoutes}.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
  /** Per node on port 0 in this JVM (tests run several), the negative port its gateway instances share. */
  private static final AtomicInteger RANDOM_PORT_SHARES = new AtomicInteger();
  /** How long after the port opens the JVM's meters are bound, unless a scrape comes first. */
  static final long JVM_METERS_AFTER_MS = 2_000;

  private final SwitchboardConfig config;
  private final RetryBackoff channelRetry;
  private final Metrics metrics;
  /** The node's model servers, shared by the router's chain and each gateway instance's. */
  private ModelServers modelServers;
  private Store store;
  private final WebhookRoutes webhooks = new WebhookRoutes();
  private Arrivals arrivals;
  /** What {@code /v1/events} streams on every gateway instance; null while the HTTP API is off. */
  private EventLog events;
  private ChannelDeployment channels;
  private final ClusterNode cluster;
  private RouterVerticle routing;
  /** Read by every gateway instance's {@code /readyz}. */
  private volatile boolean draining;
  private final List<Meter> backlogMeters = new ArrayList<>();
  /** The gateway's instances, once deployed: the drain closes their port last. */
  private final List<GatewayVerticle> gateways = new CopyOnWriteArrayList<>();
  private int port;

  public MainVerticle(SwitchboardConfig config) {
    this(config, new Metrics(), null);
  }

  /** A bridge on {@code cluster}'s Vert.x instance (null: a single node), which {@code /readyz} describes. */
  public MainVerticle(SwitchboardConfig config, ClusterNode cluster) {
    this(config, new Metrics(), cluster);
  }

  /**
   * A bridge whose meters go to {@code metrics}: pass the one whose {@link Metrics#vertxBuilder} made
   * this Vert.x instance, so that {@code /metrics} shows its pool and event-bus meters too.
   */
  public MainVerticle(SwitchboardConfig config, Metrics metrics) {
    this(config, metrics, null);
  }

  /** As {@link #MainVerticle(SwitchboardConfig, Metrics)}, on {@code cluster}'s Vert.x instance (null: none). */
  public MainVerticle(SwitchboardConfig config, Metrics metrics, ClusterNode cluster) {
    this(config, RetryBackoff.DEFAULT, metrics, cluster);
  }

  /** A bridge whose channels that fail to start are tried again after {@code channelRetry}. */
  MainVerticle(SwitchboardConfig config, RetryBackoff channelRetry) {
    this(config, channelRetry, new Metrics(), null);
  }

  private MainVerticle(SwitchboardConfig config, RetryBackoff channelRetry, Metrics metrics, ClusterNode cluster) {
    this.config = config;
    this.channelRetry = channelRetry;
    this.metrics = metrics;
    this.cluster = cluster;
  }

  @Override
  public Future<?> start() {
    return Stores.open(vertx, config.session(), Clock.systemUTC())
        .compose(opened -> {
          store = opened;
          return startParts();
        });
  }

  /**
   * In a cluster the final reply is sent by whichever node claims the chat, not necessarily the one
   * that showed the preview, so chat channels do not stream there (DESIGN.md §15); /v1 still does.
   */
  private Set<String> streamingOffInACluster() {
    Set<String> asked = ChannelDeployment.streaming(config);
    if (!asked.isEmpty()) {
      LOG.warn("channels {} ask for streaming: not in a cluster; "
          + "their replies are sent whole", asked);
    }
    return Set.of();
  }

  private Future<Integer> startParts() {
    Backlog backlog = new Backlog(config.messages().maxPending());
    arrivals = new Arrivals(context, backlog);
    meterBacklog(arrivals);
    Future<Void> logging = startEventLog();
    Handover handover = new Handover(config.agent().handover(), store.handoverModes(),
        store.sessionHistory(), vertx, Clock.systemUTC());
    modelServers = new ModelServers(vertx);
    routing = new RouterVerticle(config.models(), new ModelClients(vertx),
        store.sessionHistory(), store.sessionPreferences(), metrics).sharingServers(modelServers).warmingUpModels()
        .withCommands(config.commands()).readingMedia(config.media())
        .streamingRepliesTo(cluster == null ? ChannelDeployment.streaming(config) : streamingOffInACluster())
        .withHandover(handover).countingInto(backlog);
    Future<?> sends = SendDispatcher.register(vertx);
    channels = new ChannelDeployment(vertx, config, webhooks, store, channelRetry, arrivals, metrics);
    if (cluster != null) {
      // Every node takes turns and replies from the shared store: nothing to replay, nothing held by one node.
      String owner = cluster.status().getString("nodeId");
      Duration lease = Duration.ofSeconds(config.cluster().leaseSeconds());
      routing.claimingTurns(store.inboxClaims(), owner, lease, chunkLimits());
      channels.claimingDeliveries(owner, lease);
      return Future.all(vertx.deployVerticle(routing), sends, logging, channels.deploy(started -> { }))
          .compose(deployed -> deployGateway())
          .onSuccess(listening -> port = listening);
    }
    Future<String> router = vertx.deployVerticle(routing);
    InboxReplay replay = new InboxReplay(vertx, store.inbox(), arrivals);
    return Future.all(router, sends, logging, channels.deploy(arrivals::channelStarted))
        .compose(deployed -> replay.replay(channels::status))
        .compose(replayed -> deployGateway())
        .onSuccess(listening -> port = listening);
  }

  /**
   * The node's one event log, from the start on: the gateway instances share it (the same ids on
   * every connection, one replay ring), and what happens before the first listener is kept.
   */
  private Future<Void> startEventLog() {
    HttpApiOptions http = HttpApiOptions.from(config.channels().object("http"));
    if (!http.enabled()) {
      return Future.succeededFuture();
    }
    events = new EventLog(vertx, http.eventsHeartbeatMs());
    return events.listening();
  }

  /**
   * {@code gateway.instances} gateway verticles on one port; Vert.x binds it once and spreads the
   * connections over them (port 0 included: the instances share one random port). Completes
   * with the port once every instance listens and the JVM's meters, kept off the way to the port,
   * are bound.
   */
  private Future<Integer> deployGateway() {
    JsonObject gateway = config.gateway().toJson();
    if (config.gateway().port() == 0) {
      // Port 0 gives each instance a random port of its own (only the first is reported); Vert.x
      // shares one random port among the servers that name the same negative port.
      gateway.put("port", -RANDOM_PORT_SHARES.incrementAndGet());
    }
    DeploymentOptions options = new DeploymentOptions().setInstances(config.gateway().instances())
        .setConfig(gateway);
    return vertx.deployVerticle(() -> {
      GatewayVerticle instance = new GatewayVerticle(webhooks, this::mountRoutes);
      gateways.add(instance);
      return instance;
    }, options).recover(failure -> Future.failedFuture(failure instanceof IOException
        ? "cannot listen on " + hostAndPort() + ": " + failure.getMessage() : String.valueOf(failure.getMessage())))
        .map(deployed -> {
          // Neither the port nor its first requests wait for JMX (Metrics#bindJvmMeters): on a small
          // machine the binding took CPU from the first answers. A scrape before then binds them itself.
          vertx.setTimer(JVM_METERS_AFTER_MS, later -> vertx.executeBlocking(() -> {
            metrics.bindJvmMeters();
            return null;
          }).onFailure(failure -> LOG.warn("the JVM's meters are not on /metrics: {}", failure.toString())));
          return gateways.get(0).port();
        });
  }

  /** The configured address as a URL writes it: an IPv6 address in brackets. */
  private String hostAndPort() {
    String host = config.gateway().bind();
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + config.gateway().port();
  }

  /** Each configured channel's {@code textChunkLimit}: a turn claimed on any node writes its reply's chunks. */
  private Map<String, Integer> chunkLimits() {
    Map<String, Integer> limits = new HashMap<>();
    for (String channel : config.channels().keys()) {
      limits.put(channel, ChannelOptions.from(config.channels().object(channel), DmPolicy.OPEN).textChunkLimit());
    }
    return limits;
  }

  /** The API and ops routes of one gateway instance, and the timing of its webhooks; webhooks are the gateway's own. */
  private void mountRoutes(Router router) {
    HttpRequests.measure(router, metrics);
    WebhookAcks.measure(router, metrics, ChannelDeployment.channelNames());
    HttpApiOptions http = HttpApiOptions.from(config.channels().object("http"));
    if (http.enabled()) {
      // /v1 turns are stateless: this instance's own chain answers them on its event loop, over the
      // node's model servers (DESIGN §10.0). Its clients are closed with the instance.
      ModelChain chain = new ModelChain(vertx, config.models(), new ModelClients(vertx), modelServers, metrics);
      new OpenAiApi(vertx, http, LOOPBACK.contains(config.gateway().bind()), config.models(),
          config.agent().timeoutSeconds() * 1000L).answeredBy(new ChainAsks(vertx, config.models(), chain)::answer)
          .mount(router);
      new MessagingApi(vertx, http, events).mount(router);
    }
    OpsRoutes ops = new OpsRoutes(vertx, metrics, channels::statuses, store,
        new OperatorAccess(config.gateway().opsToken())).draining(() -> draining).describingBacklog(arrivals);
    if (cluster != null) {
      ops.describingCluster(cluster::status);
    }
    ops.mount(router);
  }

  /**
   * Stops this node without dropping work or asking the model twice (DESIGN.md §10.2), before the
   * Vert.x instance is closed: {@code /readyz} answers 503 at once (webhooks are still accepted and
   * journaled while the port is open), no new turn or reply is claimed, the turns running here finish
   * and their replies are sent, the asks taken ({@code /v1}, the bus) are answered, and last the port
   * closes once the responses in flight are written, for at most {@code gateway.drainSeconds}; what
   * is unfinished then is given back to the store, for another node to take at once. Never fails.
   * Callable from any thread.
   */
  public Future<Void> drain() {
    draining = true;
    int seconds = config.gateway().drainSeconds();
    LOG.info("draining: /readyz answers 503; waiting up to {} s for the turns running here", seconds);
    Promise<Boolean> finished = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long timer = vertx.setTimer(Math.max(1, seconds * 1000L), late -> finished.tryComplete(false));
    routing.drain().compose(turns -> channels.drain())
        .compose(sent -> closePort(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))))
        .onComplete(closed -> finished.tryComplete(closed.succeeded()));
    return finished.future().compose(inTime -> {
      vertx.cancelTimer(timer);
      if (inTime) {
        LOG.info("drained: the turns that were running here are answered");
        return Future.<Void>succeededFuture();
      }
      LOG.warn("draining: not finished within {} s; unfinished turns and replies are given back for another "
          + "node (or the next start) to answer", seconds);
      return Future.join(routing.releaseClaims(), channels.releaseClaims()).<Void>mapEmpty()
          .otherwise(failure -> {
            LOG.warn("draining: claims not given back, they are taken over after their lease: {}", failure.getMessage());
            return null;
          });
    });
  }

  /** What an operator alerts on when the node is full: {@code /readyz}'s backlog, as series (until it stops). */
  private void meterBacklog(Arrivals nodeArrivals) {
    backlogMeters.add(metrics.gauge("switchboard_backlog_pending", "turns and replies this node holds, running or waiting",
        () -> nodeArrivals.backlog().pending()));
    backlogMeters.add(metrics.gauge("switchboard_backlog_waiting",
        "accepted messages waiting for room (messages.maxPending)", nodeArrivals::waiting));
    backlogMeters.add(metrics.gauge("switchboard_backlog_limit", "messages.maxPending",
        () -> nodeArrivals.backlog().limit()));
    backlogMeters.add(metrics.countedElsewhere("switchboard_webhooks_refused",
        "webhook messages answered 503 because as many messages waited as the node holds", nodeArrivals,
        Arrivals::refused));
  }

  /**
   * The port takes no new connection; each open one closes once the response in flight on it is
   * written (an HTTP client of {@code /v1} gets its answer), or when {@code grace} has passed.
   */
  private Future<Void> closePort(Duration grace) {
    return Future.all(gateways.stream().map(instance -> instance.shutdown(grace)).toList()).mapEmpty();
  }

  @Override
  public Future<?> stop() {
    if (modelServers != null) {
      modelServers.close();
    }
    metrics.closeJvmMeters();
    metrics.remove(backlogMeters);
    if (channels != null) {
      channels.stop();
    }
    return store == null ? Future.succeededFuture() : store.close();
  }

  /** The port the gateway listens on (useful when the config says 0). */
  public int port() {
    return port;
  }

  /** Each gateway instance's port, for tests: all the same one. */
  List<Integer> gatewayPorts() {
    return gateways.stream().map(GatewayVerticle::port).toList();
  }
}

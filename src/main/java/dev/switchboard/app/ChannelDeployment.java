package dev.switchboard.app;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.ChannelKind;
import dev.switchboard.channel.ChannelVerticle;
import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.channel.slack.SlackChannel;
import dev.switchboard.channel.telegram.TelegramChannel;
import dev.switchboard.channel.whatsapp.WhatsAppChannel;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.lanes.Arrivals;
import dev.switchboard.ops.ChannelStatus;
import dev.switchboard.ops.Metrics;
import dev.switchboard.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Starts the chat channels the configuration can run, and reports the others: a channel whose
 * secrets are missing is skipped with the reason, one that fails to start is tried again with backoff;
 * neither stops the bridge.
 */
public final class ChannelDeployment {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelDeployment.class);

  /** Every platform this build serves. */
  static final List<ChannelKind> KINDS = List.of(new WhatsAppChannel(), new TelegramChannel(), new SlackChannel());

  /** The names of the channels the bridge knows, whether configured or not. */
  static Set<String> channelNames() {
    return KINDS.stream().map(ChannelKind::name).collect(Collectors.toUnmodifiableSet());
  }

  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final WebhookRoutes webhooks;
  private final Store store;
  private final RetryBackoff backoff;
  /** Written on the deploying context, read by /readyz wherever it runs. */
  private final Map<String, ChannelStatus> statuses = new ConcurrentHashMap<>();
  private final List<ChannelVerticle> started = new CopyOnWriteArrayList<>();
  /** Per channel waiting for its next attempt, the timer that starts it; only on the deploying context. */
  private final Map<String, Long> retries = new HashMap<>();
  private boolean stopped;
  /** Cluster mode: who claims the shared outbox's chunks, and for how long; null on one node. */
  private String claimOwner;
  private Duration claimLease;
  private final Arrivals arrivals;
  private final Metrics metrics;

  /**
   * @param arrivals the node's: the channels count the replies they hold in its backlog and hand what
   *                 they accept to the router through it (see {@link ChannelVerticle#countingInto})
   * @param metrics  where the channels time and count their sends to the platforms
   */
  ChannelDeployment(Vertx vertx, SwitchboardConfig config, WebhookRoutes webhooks, Store store, RetryBackoff backoff,
                    Arrivals arrivals, Metrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.webhooks = webhooks;
    this.store = store;
    this.backoff = backoff;
    this.arrivals = arrivals;
    this.metrics = metrics;
  }

  /** In a cluster: the channels send replies through claims on the shared outbox, as {@code owner}. */
  ChannelDeployment claimingDeliveries(String owner, Duration lease) {
    this.claimOwner = owner;
    this.claimLease = lease;
    return this;
  }

  /** What {@code check} prints: each configured channel, and whether it would start. */
  public static List<ChannelStatus> inspect(SwitchboardConfig config) {
    List<ChannelStatus> statuses = new ArrayList<>();
    for (ChannelKind kind : KINDS) {
      if (config.channels().has(kind.name())) {
        statuses.add(status(kind, config.channels().object(kind.name())));
      }
    }
    return statuses;
  }

  /** The configured channels that show replies as they are written ({@code channels.<name>.streaming: true}). */
  public static Set<String> streaming(SwitchboardConfig config) {
    Set<String> streaming = new HashSet<>();
    for (ChannelKind kind : KINDS) {
      if (config.channels().has(kind.name())
          && config.channels().object(kind.name()).bool(ChannelContext.STREAMING_KEY, false)) {
        streaming.add(kind.name());
      }
    }
    return streaming;
  }

  /** What {@code doctor} prints about the channels, one line each. */
  public static Future<List<String>> probe(Vertx vertx, SwitchboardConfig config) {
    List<Future<String>> lines = new ArrayList<>();
    for (ChannelKind kind : KINDS) {
      if (!config.channels().has(kind.name())) {
        continue;
      }
      ConfigNode section = config.channels().object(kind.name());
      List<String> missing = kind.missing(section);
      lines.add(!missing.isEmpty()
          ? Future.succeededFuture("channel " + kind.name() + ": not started: " + String.join("; ", missing))
          : kind.probe(vertx, section).transform(probe -> Future.succeededFuture("channel " + kind.name() + ": "
              + (probe.succeeded() ? probe.result() : "TOKEN CHECK FAILED: " + probe.cause().getMessage()))));
    }
    return Future.all(lines).map(all -> all.<String>list());
  }

  /**
   * Deploys every startable channel. Completes once each has made its first attempt, and never fails:
   * a channel that could not start (its platform unreachable, say) is reported {@code failed} and
   * tried again with backoff until it starts or {@link #stop()}; {@code startedLate} is called with its
   * name, on this context, when it does.
   */
  public Future<Void> deploy(Consumer<String> startedLate) {
    List<Future<Void>> attempts = new ArrayList<>();
    for (ChannelKind kind : KINDS) {
      if (!config.channels().has(kind.name())) {
        continue;
      }
      ConfigNode section = config.channels().object(kind.name());
      ChannelStatus status = status(kind, section);
      statuses.put(kind.name(), status);
      if (!status.isRunning()) {
        LOG.warn("channel {} not started: {}", kind.name(), status.detail() == null ? status.state() : status.detail());
        continue;
      }
      ChannelContext context = new ChannelContext(webhooks, section, config.messages(), store.dedupeLog(), store.pairing(),
          store.inbox(), store.outbox(), Clock.systemUTC(), config.agent().timeoutSeconds() * 1000L, config.streaming(),
          store.previews());
      attempts.add(attempt(kind, context, 1, backoff.firstDelayMs(), startedLate));
    }
    return Future.all(attempts).mapEmpty();
  }

  /** Completes when this attempt is over, whatever its outcome; a failure schedules the next one. */
  private Future<Void> attempt(ChannelKind kind, ChannelContext context, int number, long retryDelayMs,
                               Consumer<String> startedLate) {
    ChannelVerticle verticle = kind.create(context).serving(store.chats(), store.sends()).countingInto(arrivals)
        .metering(metrics);
    if (claimOwner != null) {
      verticle.deliveringThroughClaims(store.outboxClaims(), claimOwner, claimLease);
    }
    return vertx.deployVerticle(verticle).transform(deployed -> {
      if (deployed.succeeded()) {
        started.add(verticle);
        statuses.put(kind.name(), ChannelStatus.running(kind.name()));
        if (number > 1) {
          LOG.info("channel {} started at attempt {}", kind.name(), number);
          startedLate.accept(kind.name());
        }
        return Future.succeededFuture();
      }
      String reason = String.valueOf(deployed.cause().getMessage());
      statuses.put(kind.name(), ChannelStatus.failed(kind.name(), reason));
      if (stopped) {
        return Future.succeededFuture();
      }
      LOG.warn("channel {} failed to start (attempt {}), next attempt in {} ms: {}", kind.name(), number,
          retryDelayMs, reason);
      long timer = vertx.setTimer(retryDelayMs, fired -> {
        retries.remove(kind.name());
        attempt(kind, context, number + 1, backoff.after(retryDelayMs), startedLate);
      });
      retries.put(kind.name(), timer);
      return Future.succeededFuture();
    });
  }

  /** Every configured channel's current state, in the order of {@link #KINDS}. */
  public List<ChannelStatus> statuses() {
    return KINDS.stream().map(kind -> statuses.get(kind.name())).filter(Objects::nonNull).toList();
  }

  /** The channel's current state; empty when the configuration has no section for it. */
  public Optional<ChannelStatus> status(String name) {
    return Optional.ofNullable(statuses.get(name));
  }

  /** Completes once every running channel has sent what it was given or claimed (see {@link ChannelVerticle#drain}). */
  public Future<Void> drain() {
    return Future.join(started.stream().map(ChannelVerticle::drain).toList()).mapEmpty();
  }

  /** Every running channel gives back the chats it still sends (see {@link ChannelVerticle#releaseClaims}). */
  public Future<Void> releaseClaims() {
    return Future.join(started.stream().map(ChannelVerticle::releaseClaims).toList()).mapEmpty();
  }

  /** Cancels the pending retries: channels that have not started by now stay down. */
  public void stop() {
    stopped = true;
    retries.values().forEach(vertx::cancelTimer);
    retries.clear();
  }

  private static ChannelStatus status(ChannelKind kind, ConfigNode section) {
    if (!section.bool("enabled", true)) {
      return ChannelStatus.disabled(kind.name());
    }
    List<String> missing = kind.missing(section);
    return missing.isEmpty() ? ChannelStatus.running(kind.name())
        : ChannelStatus.notConfigured(kind.name(), String.join("; ", missing));
  }
}

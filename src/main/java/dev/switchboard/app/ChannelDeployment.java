package dev.switchboard.app;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.ChannelKind;
import dev.switchboard.channel.FilePairingStore;
import dev.switchboard.channel.slack.SlackChannel;
import dev.switchboard.channel.telegram.TelegramChannel;
import dev.switchboard.channel.whatsapp.WhatsAppChannel;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.ops.ChannelStatus;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the chat channels the configuration can run, and reports the others: a channel whose
 * secrets are missing is skipped with the reason, it never stops the bridge.
 */
public final class ChannelDeployment {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelDeployment.class);

  /** Every platform this build serves. */
  static final List<ChannelKind> KINDS = List.of(new WhatsAppChannel(), new TelegramChannel(), new SlackChannel());

  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final Router router;
  private final SqliteStore store;
  private final List<ChannelStatus> statuses = new ArrayList<>();

  public ChannelDeployment(Vertx vertx, SwitchboardConfig config, Router router, SqliteStore store) {
    this.vertx = vertx;
    this.config = config;
    this.router = router;
    this.store = store;
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

  /** Deploys every startable channel; the future fails if a startable channel fails to start. */
  public Future<Void> deploy() {
    FilePairingStore pairing = new FilePairingStore(vertx, FilePairingStore.pathBeside(config.session().storePath()));
    List<Future<String>> deployments = new ArrayList<>();
    for (ChannelKind kind : KINDS) {
      if (!config.channels().has(kind.name())) {
        continue;
      }
      ConfigNode section = config.channels().object(kind.name());
      ChannelStatus status = status(kind, section);
      statuses.add(status);
      if (!status.state().equals("running")) {
        LOG.warn("channel {} not started: {}", kind.name(), status.detail());
        continue;
      }
      ChannelContext context = new ChannelContext(router, section, config.messages(), store.dedupeLog(), pairing,
          store.inbox(), store.outbox(), Clock.systemUTC(), config.agent().timeoutSeconds() * 1000L);
      deployments.add(vertx.deployVerticle(kind.create(context))
          .onFailure(failure -> LOG.error("channel {} failed to start: {}", kind.name(), failure.getMessage())));
    }
    return Future.all(deployments).mapEmpty();
  }

  public List<ChannelStatus> statuses() {
    return List.copyOf(statuses);
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

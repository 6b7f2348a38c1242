package dev.switchboard.cli;

import dev.switchboard.app.ChannelDeployment;
import dev.switchboard.channel.http.HttpApiOptions;
import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.config.SessionConfig;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.ops.ChannelStatus;
import dev.switchboard.config.PostgresUrl;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code check}: the configuration is valid (else the loader already failed); what it resolves to. */
public final class CheckCommand {

  private CheckCommand() {
  }

  public static int run(Path file, SwitchboardConfig config, PrintStream out) {
    out.println("config " + file + ": valid");
    out.println("gateway: http://" + config.gateway().bind() + ":" + config.gateway().port() + ", "
        + config.gateway().instances() + " instance(s)");
    out.println("store: " + describeStore(config.session()));
    ClusterConfig cluster = config.cluster();
    out.println("cluster: " + (!cluster.enabled() ? "off (one node)"
        : "\"" + cluster.name() + "\", this node " + cluster.host() + ":" + cluster.port() + ", "
            + (cluster.hazelcastConfig() != null ? "Hazelcast settings from " + cluster.hazelcastConfig()
                : "members " + String.join(", ", cluster.members()))
            + ", lease " + cluster.leaseSeconds() + " s"));
    out.println("model chain (timeout " + config.agent().timeoutSeconds() + " s per turn):");
    List<ResolvedModel> chain = config.models().chain();
    for (int i = 0; i < chain.size(); i++) {
      ResolvedModel model = chain.get(i);
      out.printf("  %d. %-36s %-18s %s  window %d, max %d  %s%n", i + 1, model.ref(),
          model.provider().api().configName(), String.join(" ", model.provider().baseUrls()), model.definition().contextWindow(),
          model.definition().maxTokens(),
          model.available() ? "ok" : "UNAVAILABLE: " + model.provider().unavailableReason());
    }
    if (!config.agent().aliases().isEmpty()) {
      out.println("aliases:");
      for (Map.Entry<String, ?> alias : config.agent().aliases().entrySet()) {
        out.println("  " + alias.getKey() + " → " + alias.getValue());
      }
    }
    out.println("channels:");
    for (ChannelStatus channel : ChannelDeployment.inspect(config)) {
      // check starts nothing: "running" is what run would do with the channel.
      out.println("  " + channel.name() + ": " + (channel.isRunning() ? "starts with run" : channel.state().replace('_', ' '))
          + (channel.detail() == null ? "" : " (" + channel.detail() + ")"));
    }
    HttpApiOptions http = HttpApiOptions.from(config.channels().object("http"));
    out.println("  http API: " + (!http.enabled() ? "disabled"
        : http.token() != null ? "on, bearer token required" : "on, no token (answers only programs on this machine)"));
    if (chain.stream().noneMatch(ResolvedModel::available)) {
      out.println("warning: no model of the chain is available; the bridge would answer every message with an apology");
    }
    return ExitCodes.EXIT_OK;
  }

  private static String describeStore(SessionConfig session) {
    return session.sharedStore()
        ? "postgresql " + PostgresUrl.parse(session.storeUrl()) + (session.storePassword() == null ? " (no password)" : "")
        : "sqlite " + session.storePath() + " (one node)";
  }
}

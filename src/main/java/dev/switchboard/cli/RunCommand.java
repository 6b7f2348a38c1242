package dev.switchboard.cli;

import dev.switchboard.app.MainVerticle;
import dev.switchboard.cluster.ClusterNode;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.stream.Collectors;

/** {@code run}: starts the bridge and keeps it running until SIGTERM/SIGINT, which drain and close it ({@link GracefulStop}). */
public final class RunCommand {

  /** Returned instead of an exit code: the JVM stays up serving. */
  public static final int KEEP_RUNNING = -1;

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private RunCommand() {
  }

  /**
   * What a start can begin before the configuration is read. Netty's JFR events are off unless
   * asked for ({@code -Dio.netty.jfr.enabled=true}): the first one loaded sets up JFR's event
   * machinery, about a tenth of a start, even when nothing records.
   */
  public static EarlyStart prepare() {
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    StartPreload.start();
    return EarlyStart.begin();
  }

  /** @param early what {@link #prepare()} began */
  public static int run(Path configFile, SwitchboardConfig config, EarlyStart early) {
    long started = System.nanoTime();
    Metrics metrics;
    ClusterNode cluster = null;
    Vertx vertx;
    if (config.cluster().enabled()) {
      early.discard();
      metrics = new Metrics();
      try {
        cluster = ClusterNode.join(config.cluster(), metrics::vertxBuilder).await();
      } catch (RuntimeException e) {
        LOG.error("Switchboard could not join the cluster: {}", e.getMessage());
        return ExitCodes.EXIT_FAILED;
      }
      vertx = cluster.vertx();
    } else {
      EarlyStart.Runtime runtime = early.await();
      metrics = runtime.metrics();
      vertx = runtime.vertx();
    }
    MainVerticle main = new MainVerticle(config, metrics, cluster);
    try {
      vertx.deployVerticle(main).await();
    } catch (Exception e) {
      // await() rethrows the cause as it is, checked ones included (a port taken, an unknown host).
      LOG.error("Switchboard could not start: {}", e.getMessage());
      vertx.close().await();
      return ExitCodes.EXIT_FAILED;
    }
    GracefulStop.install(vertx, main, config.gateway().drainSeconds());
    String chain = config.models().chain().stream().map(RunCommand::describe).collect(Collectors.joining(" → "));
    LOG.info("Switchboard ready in {} ms on http://{}:{} with {} — chain: {}{}",
        (System.nanoTime() - started) / 1_000_000, config.gateway().bind(), main.port(), configFile, chain,
        cluster == null ? "" : " — cluster " + config.cluster().name() + " node " + cluster.status().getString("nodeId")
            + " on member port " + cluster.memberPort());
    return KEEP_RUNNING;
  }

  private static String describe(ResolvedModel model) {
    return model.ref() + (model.available() ? "" : " [unavailable: " + model.provider().unavailableReason() + "]");
  }
}

package dev.switchboard.cli;

import dev.switchboard.ops.Metrics;
import dev.switchboard.ops.NodeOptions;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The single-node Vert.x instance and its meters, built on a thread of their own while the main
 * thread reads the configuration: the two take about as long as each other at start, and on a
 * machine with two cores they overlap. A clustered start does not use it (its Vert.x joins the
 * cluster instead) and closes it.
 */
public final class EarlyStart {

  private static final Logger LOG = LoggerFactory.getLogger(EarlyStart.class);

  /** A Vert.x instance with the meters it reports to. */
  record Runtime(Metrics metrics, Vertx vertx) {
  }

  private final CompletableFuture<Runtime> building;

  private EarlyStart(CompletableFuture<Runtime> building) {
    this.building = building;
  }

  static EarlyStart begin() {
    CompletableFuture<Runtime> building = new CompletableFuture<>();
    Thread builder = new Thread(() -> {
      try {
        Metrics metrics = new Metrics();
        building.complete(new Runtime(metrics, metrics.vertxBuilder(NodeOptions.vertxOptions()).build()));
      } catch (Throwable failure) {
        building.completeExceptionally(failure);
      }
    }, "switchboard-early-start");
    builder.setDaemon(true);
    builder.start();
    return new EarlyStart(building);
  }

  /** The single-node runtime, once built; a failure to build it is thrown as it was. */
  Runtime await() {
    try {
      return building.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Vert.x was starting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Vert.x could not start: " + e.getCause(), e.getCause());
    }
  }

  /** Not needed (a clustered start): closed once built, without holding the start up. */
  void discard() {
    building.thenAccept(unused -> unused.vertx().close()
        .onFailure(failure -> LOG.debug("the unused Vert.x instance did not close: {}", failure.getMessage())));
  }
}

package dev.switchboard.cli;

import dev.switchboard.app.MainVerticle;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a running bridge stops on SIGTERM (a container runtime, systemd, Kubernetes) or SIGINT (Ctrl-C):
 * it drains ({@link MainVerticle#drain()}: the turns running here are answered, bounded by
 * {@code gateway.drainSeconds}), then closes Vert.x (the HTTP server, the cluster membership, the store's
 * pending commits) and exits with 0. A second signal stops waiting for the drain; every wait is bounded,
 * so the process never hangs. The signals are handled here rather than by a shutdown hook because a
 * JVM ended by a signal exits with 143, which orchestrators report as a failure.
 */
final class GracefulStop {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
  /** Beyond the drain: for giving claims back, and for closing Vert.x. */
  private static final long CLOSE_SECONDS = 15;

  private final Vertx vertx;
  private final MainVerticle main;
  private final long drainSeconds;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch cutShort = new CountDownLatch(1);

  private GracefulStop(Vertx vertx, MainVerticle main, long drainSeconds) {
    this.vertx = vertx;
    this.main = main;
    this.drainSeconds = drainSeconds;
  }

  /** Handles SIGTERM and SIGINT for the bridge {@code main} runs on {@code vertx}. */
  static void install(Vertx vertx, MainVerticle main, long drainSeconds) {
    GracefulStop stop = new GracefulStop(vertx, main, drainSeconds);
    Signal.handle(new Signal("TERM"), stop::signalled);
    Signal.handle(new Signal("INT"), stop::signalled);
  }

  private void signalled(Signal signal) {
    if (!stopping.compareAndSet(false, true)) {
      LOG.warn("SIG{} again: not waiting for the drain any longer", signal.getName());
      cutShort.countDown();
      return;
    }
    LOG.info("SIG{}: stopping", signal.getName());
    new Thread(this::stop, "switchboard-stop").start();
  }

  private void stop() {
    CountDownLatch drained = new CountDownLatch(1);
    main.drain().onComplete(done -> drained.countDown());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds + CLOSE_SECONDS);
    try {
      // Woken every 100 ms to see whether a second signal came.
      while (!drained.await(100, TimeUnit.MILLISECONDS)) {
        if (cutShort.getCount() == 0 || System.nanoTime() > deadline) {
          LOG.warn("closing before the drain ended");
          break;
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    int status = 0;
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
      LOG.info("stopped");
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", String.valueOf(e.getMessage()));
      status = 1;
    }
    System.exit(status);
  }
}

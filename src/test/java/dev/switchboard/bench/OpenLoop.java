package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * An open loop: {@code perSecond} operations a second for a given time, paced every millisecond on one
 * event loop whatever the answers take (so that a slow answer delays none of the next), each
 * operation completing with its own latency in nanoseconds.
 */
final class OpenLoop {

  private OpenLoop() {
  }

  /**
   * Completes with the latencies once every operation has ended; a failed one is recorded by
   * {@code onFailure} instead. Fails when the run has not ended {@code graceMs} after its last
   * operation was due: an operation that never ends must stop the benchmark, not hang it.
   */
  static Future<Latencies> run(Vertx vertx, int perSecond, long durationMs, long graceMs,
                               Supplier<Future<Long>> operation, Runnable onFailure) {
    Promise<Latencies> done = withDeadline(vertx, durationMs + graceMs);
    vertx.runOnContext(start -> {
      Latencies latencies = new Latencies();
      long started = System.nanoTime();
      long total = perSecond * durationMs / 1000;
      long[] sent = {0};
      long[] finished = {0};
      vertx.setPeriodic(1, timer -> {
        long due = Math.min(total, (System.nanoTime() - started) * perSecond / 1_000_000_000L);
        for (; sent[0] < due; sent[0]++) {
          operation.get().onComplete(result -> {
            if (result.succeeded()) {
              latencies.record(result.result());
            } else {
              onFailure.run();
            }
            if (++finished[0] == total) {
              done.tryComplete(latencies);
            }
          });
        }
        if (sent[0] == total) {
          vertx.cancelTimer(timer);
        }
      });
    });
    return done.future();
  }

  /**
   * A run's outcome, failed if the run has not ended {@code limitMs} after it started: what it measures
   * may stop answering without failing (a process that died with connections open leaves them half
   * open), and the benchmark must then stop, not hang.
   */
  static Promise<Latencies> withDeadline(Vertx vertx, long limitMs) {
    Promise<Latencies> done = Promise.promise();
    long deadline = vertx.setTimer(limitMs, late -> done.tryFail("the run had not ended " + limitMs
        + " ms after it started: what it measures stopped answering (is it still alive?)"));
    done.future().onComplete(ended -> vertx.cancelTimer(deadline));
    return done;
  }
}

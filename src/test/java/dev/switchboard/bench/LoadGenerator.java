package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Sends POSTs to one URL on a Vert.x HttpClient, closed-loop (N in flight, as fast as answers come)
 * or open-loop (a fixed rate, whatever the latency), recording each latency. Runs on one context.
 */
final class LoadGenerator {

  static final long REQUEST_TIMEOUT_MS = 30_000;
  /** Beyond a run's length and one request's timeout, how long its last answers may take to arrive. */
  static final long RUN_GRACE_MS = 5_000;

  private final Vertx vertx;
  private final HttpClient client;
  private final RequestOptions request;
  private final Supplier<Payload> payloads;
  private final AtomicLong failures = new AtomicLong();
  /** When set, a latency ends at the first bytes holding this text (a streamed answer's first delta), not at the end. */
  private String firstMarker;

  /** One request's body and its own headers (a webhook's signature, say). */
  record Payload(Buffer body, Map<String, String> headers) {
  }

  LoadGenerator(Vertx vertx, int port, String path, String bearer, Supplier<Buffer> body, int connections) {
    this(vertx, port, path, bearer, connections, () -> new Payload(body.get(), Map.of()));
  }

  LoadGenerator(Vertx vertx, int port, String path, String bearer, int connections, Supplier<Payload> payloads) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    // A request that never gets its answer counts as failed instead of holding a run open for ever.
    this.request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(path)
        .setIdleTimeout(REQUEST_TIMEOUT_MS).putHeader("Content-Type", "application/json");
    if (bearer != null) {
      request.putHeader("Authorization", "Bearer " + bearer);
    }
    this.payloads = payloads;
  }

  /** Measures each request until the first response bytes that contain {@code marker}. */
  LoadGenerator measuringUntil(String marker) {
    firstMarker = marker;
    return this;
  }

  long failures() {
    return failures.get();
  }

  Future<Void> close() {
    return client.close();
  }

  /**
   * Opens the pool's connection with {@code GET /healthz}, so that a measured request does not pay
   * the TCP set-up (and is not itself the warm-up).
   */
  Future<Void> connect() {
    return client.request(new RequestOptions(request).setMethod(HttpMethod.GET).setURI("/healthz"))
        .compose(req -> req.send()).compose(resp -> resp.body()).mapEmpty();
  }

  /** One request; completes with its latency in ns, or fails. */
  Future<Long> once() {
    Payload payload = payloads.get();
    RequestOptions options = payload.headers().isEmpty() ? request : new RequestOptions(request);
    payload.headers().forEach(options::putHeader);
    long started = System.nanoTime();
    return client.request(options).compose(req -> req.send(payload.body())).compose(resp -> {
      if (resp.statusCode() != 200) {
        failures.incrementAndGet();
      }
      return firstMarker == null ? resp.body().map(done -> System.nanoTime() - started) : untilMarker(resp, started);
    });
  }

  /** The time to the first chunk that completes {@code firstMarker}; the future completes when the body ends. */
  private Future<Long> untilMarker(io.vertx.core.http.HttpClientResponse response, long started) {
    Promise<Long> latency = Promise.promise();
    long[] seenAt = {-1};
    StringBuilder tail = new StringBuilder();
    response.handler(chunk -> {
      if (seenAt[0] < 0) {
        // The marker may straddle two chunks: keep the end of the last one.
        tail.append(chunk.toString());
        if (tail.indexOf(firstMarker) >= 0) {
          seenAt[0] = System.nanoTime();
        } else if (tail.length() > firstMarker.length()) {
          tail.delete(0, tail.length() - firstMarker.length());
        }
      }
    });
    response.exceptionHandler(latency::tryFail);
    response.endHandler(end -> {
      if (seenAt[0] < 0) {
        latency.tryFail("no " + firstMarker + " in the answer");
      } else {
        latency.tryComplete(seenAt[0] - started);
      }
    });
    return latency.future();
  }

  /** Keeps {@code inFlight} requests running for {@code durationMs}; records the latencies. */
  Future<Latencies> closedLoop(int inFlight, long durationMs) {
    Promise<Latencies> done = OpenLoop.withDeadline(vertx, durationMs + REQUEST_TIMEOUT_MS + RUN_GRACE_MS);
    vertx.runOnContext(v -> {
      Latencies latencies = new Latencies();
      long end = System.nanoTime() + durationMs * 1_000_000;
      int[] running = {inFlight};
      for (int i = 0; i < inFlight; i++) {
        loop(end, latencies, running, done);
      }
    });
    return done.future();
  }

  private void loop(long end, Latencies latencies, int[] running, Promise<Latencies> done) {
    if (System.nanoTime() >= end) {
      if (--running[0] == 0) {
        done.tryComplete(latencies);
      }
      return;
    }
    once().onComplete(result -> {
      if (result.succeeded()) {
        latencies.record(result.result());
      } else {
        failures.incrementAndGet();
      }
      loop(end, latencies, running, done);
    });
  }

  /** Sends {@code perSecond} requests a second for {@code durationMs}, paced every millisecond. */
  Future<Latencies> openLoop(int perSecond, long durationMs) {
    return OpenLoop.run(vertx, perSecond, durationMs, REQUEST_TIMEOUT_MS + RUN_GRACE_MS, this::once,
        failures::incrementAndGet);
  }
}

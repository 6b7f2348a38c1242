package dev.switchboard.ops;

import dev.switchboard.bus.Addresses;
import dev.switchboard.lanes.Arrivals;
import dev.switchboard.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Liveness ({@code /healthz}: the process answers), readiness ({@code /readyz}: the store answers and
 * at least one model of the chain can be called, with store, cluster, breaker and channel details) and
 * {@code /metrics} in Prometheus text format. The details and the metrics are for operators
 * ({@link OperatorAccess}): anyone else gets the bare readiness status and a 403 for the metrics, since
 * model names, breaker states, cluster members and traffic figures tell an attacker what to aim at.
 */
public final class OpsRoutes {

  private static final DeliveryOptions STATUS_REQUEST = new DeliveryOptions().setSendTimeout(2_000);

  private final Vertx vertx;
  private final Metrics metrics;
  private final Supplier<List<ChannelStatus>> channels;
  private final Store store;
  private final OperatorAccess operators;
  private Supplier<JsonObject> cluster;
  private BooleanSupplier draining = () -> false;
  private Arrivals arrivals;

  /** {@code channels} is asked at each {@code /readyz}: a channel's state changes while the bridge runs. */
  public OpsRoutes(Vertx vertx, Metrics metrics, Supplier<List<ChannelStatus>> channels, Store store,
                   OperatorAccess operators) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.channels = channels;
    this.store = store;
    this.operators = operators;
  }

  /** Adds {@code cluster: {nodeId, members}} to the detailed {@code /readyz}, asked at each request. */
  public OpsRoutes describingCluster(Supplier<JsonObject> status) {
    this.cluster = status;
    return this;
  }

  /**
   * While {@code stopping} says so, {@code /readyz} answers 503 with {@code status: draining}, so that a
   * load balancer sends no more traffic to a node that is shutting down (DESIGN.md §10.2).
   */
  public OpsRoutes draining(BooleanSupplier stopping) {
    this.draining = stopping;
    return this;
  }

  /**
   * Adds {@code backlog: {pending, waiting, limit, accepting}} to the detailed {@code /readyz}: the
   * turns and replies the node holds, the accepted messages waiting for room, and whether its channels
   * take new webhooks. A full node stays ready: it answers what it holds, and the platforms send what
   * it refused again.
   */
  public OpsRoutes describingBacklog(Arrivals nodeArrivals) {
    this.arrivals = nodeArrivals;
    return this;
  }

  public void mount(Router router) {
    router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(this::readiness);
    router.get("/metrics").handler(ctx -> {
      if (!operators.allows(ctx.request())) {
        ctx.response().setStatusCode(403).end();
        return;
      }
      // The JVM's meters are bound shortly after start (MainVerticle); a scrape before that binds them.
      Future<Void> bound = metrics.jvmMetersBound() ? Future.succeededFuture()
          : vertx.executeBlocking(() -> {
            metrics.bindJvmMeters();
            return null;
          });
      bound.onComplete(done -> {
        try {
          ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
        } catch (RuntimeException e) {
          // Outside the router's handler by now: its failure handler would not see this.
          ctx.fail(e);
        }
      });
    });
  }

  private void readiness(RoutingContext ctx) {
    JsonArray channelStates = new JsonArray();
    channels.get().forEach(channel -> channelStates.add(channel.toJson()));
    vertx.eventBus().<JsonObject>request(Addresses.STATUS, null, STATUS_REQUEST).onComplete(result -> {
      boolean storeIsOpen = store.isHealthy();
      JsonObject body = new JsonObject()
          .put("store", new JsonObject().put("kind", store.kind()).put("location", store.location())
              .put("ok", storeIsOpen))
          .put("channels", channelStates);
      if (cluster != null) {
        body.put("cluster", cluster.get());
      }
      if (arrivals != null) {
        body.put("backlog", new JsonObject().put("pending", arrivals.backlog().pending())
            .put("waiting", arrivals.waiting()).put("limit", arrivals.backlog().limit())
            .put("accepting", arrivals.acceptsNew()));
      }
      boolean ready;
      if (result.succeeded()) {
        JsonObject status = result.result().body();
        ready = storeIsOpen && status.getBoolean("anyAvailable", false);
        body.put("models", status.getJsonArray("models"));
      } else {
        ready = false;
        body.put("models", new JsonArray()).put("error", "the router did not answer: " + result.cause().getMessage());
      }
      boolean stopping = draining.getAsBoolean();
      ctx.response().setStatusCode(ready && !stopping ? 200 : 503);
      String status = stopping ? "draining" : ready ? "ready" : "not_ready";
      ctx.json(operators.allows(ctx.request()) ? body.put("status", status) : new JsonObject().put("status", status));
    });
  }
}

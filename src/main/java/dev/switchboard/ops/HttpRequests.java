package dev.switchboard.ops;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Counts and times every request the gateway answers, by route pattern, method and status
 * ({@code closed} for a response whose connection closed before it ended):
 * {@code switchboard_http_requests_total{route,method,code}} and
 * {@code switchboard_http_request_seconds{route}}. These replace Vert.x's own HTTP server meters, which
 * look up about ten meters in the registry by name and tags on every request (DESIGN §12): here the
 * series are found by their label values in a map of their own.
 */
public final class HttpRequests {

  /** Before every other route, {@link WebhookAcks}' included. */
  private static final int FIRST = -2;
  /** The status of a response the connection closed or broke before it ended (a stream the client left). */
  static final String CLOSED = "closed";
  /** What a request matched by no route of its own is labelled (a 404, or a scanner's random path). */
  static final String UNMATCHED = "unmatched";
  private static final Set<HttpMethod> KNOWN_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

  private HttpRequests() {
  }

  /** Measures every request {@code router} takes, from the moment its head has arrived to its response's end. */
  public static void measure(Router router, Metrics metrics) {
    Metrics.Counters requests = metrics.counter("switchboard_http_requests_total",
        "Requests the gateway answered, by route pattern, method and status.", "route", "method", "code");
    Metrics.Latencies latency = metrics.latency("switchboard_http_request_seconds",
        "Time from a request's arrival to the end of its response, by route pattern.", "route");
    Route measuring = router.route().order(FIRST);
    measuring.handler(ctx -> {
      long started = System.nanoTime();
      ctx.addEndHandler(ended -> {
        String route = route(ctx, measuring);
        latency.since(started, route);
        requests.increment(route, method(ctx.request().method()),
            ended.failed() ? CLOSED : code(ctx.response().getStatusCode()));
      });
      ctx.next();
    });
  }

  /**
   * The pattern of the route that answered, as it was mounted ({@code /webhooks/*}, {@code /v1/responses}):
   * bounded by the routes the bridge mounts, whatever the path.
   */
  private static String route(RoutingContext ctx, Route measuring) {
    Route current = ctx.currentRoute();
    if (current == null || current == measuring || current.getPath() == null) {
      return UNMATCHED;
    }
    return current.isExactPath() ? current.getPath() : current.getPath() + "*";
  }

  /** A method outside HTTP's usual ones is any token a client sends: one label for them all. */
  private static String method(HttpMethod method) {
    return KNOWN_METHODS.contains(method) ? method.name() : "other";
  }

  private static String code(int status) {
    return status >= 100 && status < 600 ? Integer.toString(status) : "other";
  }
}

package dev.switchboard.channel;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hand-off from the gateway's event loops to the channels' contexts. Every gateway instance (one
 * per core) receives webhooks; each channel keeps its state (gate, rate limits, typing indicators,
 * reply order) on its own context. A channel registers its webhook handlers here, and the gateway
 * instance that read a request — body included — passes its {@link RoutingContext} to the channel's
 * context and touches it no more: the channel verifies, journals and answers the platform from its
 * own thread (a response may be written from any thread), so the journal-before-200 rule stays the
 * channel's, and no channel state is ever shared between event loops.
 *
 * <p>The one node-wide, thread-safe object between the two sides.
 */
public final class WebhookRoutes {

  private record Endpoint(Context context, Handler<RoutingContext> handler) {
  }

  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  /** Routes {@code method path} to {@code handler}, run on {@code context} (the calling verticle's). */
  public void register(HttpMethod method, String path, Context context, Handler<RoutingContext> handler) {
    endpoints.put(key(method, path), new Endpoint(context, handler));
  }

  /** Removes what {@link #register} added for the path; requests to it get 404 again. */
  public void unregister(HttpMethod method, String path) {
    endpoints.remove(key(method, path));
  }

  /**
   * Passes the request to its channel's context, or to the gateway's next route (404, 405) when no
   * channel serves it: a channel that is not running has no webhook.
   */
  public void dispatch(RoutingContext ctx) {
    Endpoint endpoint = endpoints.get(key(ctx.request().method(), ctx.request().path()));
    if (endpoint == null) {
      ctx.next();
      return;
    }
    endpoint.context().runOnContext(onChannel -> {
      try {
        endpoint.handler().handle(ctx);
      } catch (RuntimeException e) {
        ctx.fail(500, e);
      }
    });
  }

  private static String key(HttpMethod method, String path) {
    return method.name() + ' ' + path;
  }
}

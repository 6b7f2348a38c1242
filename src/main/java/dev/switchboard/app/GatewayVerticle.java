package dev.switchboard.app;

import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One instance of the HTTP gateway: its own router on its own event loop, on the port every instance
 * shares (Vert.x hands each new connection to the next instance). Reads its {@link GatewayConfig} from
 * {@code config()}; {@code routes} mounts the API and ops routes, which share only what is safe to
 * share (the bus, metrics, the node's event log and model servers) and keep the rest on this
 * instance's loop (the {@code /v1} chain and its model clients, closed with the instance), and webhooks
 * go to their channels' contexts.
 */
public final class GatewayVerticle extends VerticleBase {

  private final WebhookRoutes webhooks;
  private final Consumer<Router> routes;
  private HttpServer server;

  public GatewayVerticle(WebhookRoutes webhooks, Consumer<Router> routes) {
    this.webhooks = webhooks;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    Gateway gateway = new Gateway(vertx, GatewayConfig.fromJson(config()), webhooks);
    routes.accept(gateway.router());
    return gateway.listen().onSuccess(listening -> server = listening);
  }

  /**
   * Stops listening; each connection closes once its response in flight is written, or after
   * {@code grace}. Callable from any thread.
   */
  Future<Void> shutdown(Duration grace) {
    return server == null ? Future.succeededFuture() : server.shutdown(grace);
  }

  /** The port this instance listens on. */
  int port() {
    return server.actualPort();
  }
}

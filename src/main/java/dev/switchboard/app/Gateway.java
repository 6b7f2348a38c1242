package dev.switchboard.app;

import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.http.ErrorReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP port, as one event loop serves it (a node runs {@code gateway.instances} of them on
 * the same port). Parts of the bridge mount their routes on {@link #router()} before
 * {@link #listen()}; webhooks are handed to their channels through {@link WebhookRoutes}. The gateway
 * owns the body limit and turns every failure into a short JSON error, never a stack trace.
 */
public final class Gateway {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final String WEBHOOKS = "/webhooks/*";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String MULTIPART = "multipart/";

  private final Vertx vertx;
  private final GatewayConfig config;
  private final Router router;

  public Gateway(Vertx vertx, GatewayConfig config, WebhookRoutes webhooks) {
    this.vertx = vertx;
    this.config = config;
    this.router = Router.router(vertx);
    router.route().handler(Gateway::refuseForms);
    // Raw bytes stay available (ctx.body().buffer()): webhook signatures are computed over them.
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    router.route(WEBHOOKS).handler(webhooks::dispatch);
    router.errorHandler(400, ctx -> ErrorReply.send(ctx, 400, "invalid_request_error", "malformed request"));
    router.errorHandler(401, ctx -> ErrorReply.send(ctx, 401, "authentication_error", "missing or invalid credentials"));
    router.errorHandler(404, ctx -> ErrorReply.send(ctx, 404, "not_found", "no such route"));
    router.errorHandler(405, ctx -> ErrorReply.send(ctx, 405, "invalid_request_error", "method not allowed"));
    router.errorHandler(413, ctx -> ErrorReply.send(ctx, 413, "invalid_request_error",
        "request body larger than " + config.maxBodyBytes() + " bytes"));
    router.errorHandler(500, ctx -> {
      LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      ErrorReply.send(ctx, 500, "server_error", "internal error");
    });
  }

  /**
   * Every route here reads JSON (or a platform's JSON webhook). A form body would be decoded by the
   * body handler as form fields, under Vert.x's form limits (1 KB buffered), and fail as "malformed"
   * past them: {@code curl -d} without a content type sends exactly that. Refused up front, saying why.
   */
  private static void refuseForms(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && (type.regionMatches(true, 0, FORM, 0, FORM.length())
        || type.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length()))) {
      ErrorReply.send(ctx, 415, "invalid_request_error", "form bodies are not accepted (Content-Type: "
          + type.split(";", 2)[0].trim() + "); send JSON with Content-Type: application/json");
      return;
    }
    ctx.next();
  }

  public Router router() {
    return router;
  }

  public Future<HttpServer> listen() {
    // The idle timeout closes connections a client opened and left: each costs a socket and buffers.
    // Nothing here speaks cleartext HTTP/2 or WebSockets, so a new connection's pipeline is the
    // HTTP/1.1 codec alone, without the h2c upgrade detector and WebSocket compression handlers.
    return vertx.createHttpServer(new HttpServerOptions()
            .setCompressionSupported(false).setIdleTimeout(config.idleTimeoutSeconds())
            .setHttp2ClearTextEnabled(false)
            .setPerFrameWebSocketCompressionSupported(false).setPerMessageWebSocketCompressionSupported(false))
        .requestHandler(router)
        .listen(config.port(), config.bind());
  }
}

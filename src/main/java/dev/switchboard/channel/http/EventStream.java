package dev.switchboard.channel.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/events}: the node's {@link EventLog} as Server-Sent Events ({@code id:},
 * {@code event: <type>}, {@code data: <json>}), filtered by {@code ?types=a,b} ({@link EventTypes}),
 * as one gateway instance serves it; every instance streams the same log, so ids and replays do not
 * depend on the instance a connection lands on.
 *
 * <p>A comment line every {@code eventsHeartbeatMs} keeps proxies from closing a quiet stream. Each
 * stream holds at most {@code maxQueuedBytes} not yet taken by its client: a listener that falls
 * behind is disconnected, never buffered without bound and never waited for. It reconnects with
 * {@code Last-Event-ID} and gets what it missed, or a {@code reset} event ({@link EventLog}).
 */
final class EventStream {

  private final Vertx vertx;
  private final EventLog log;
  private final int maxQueuedBytes;

  EventStream(Vertx vertx, EventLog log, int maxQueuedBytes) {
    this.vertx = vertx;
    this.log = log;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  void open(RoutingContext ctx) {
    Set<String> types;
    try {
      types = EventTypes.requested(ctx.queryParam("types"));
    } catch (ApiError refused) {
      refused.send(ctx);
      return;
    }
    HttpServerResponse response = ctx.response();
    response.setChunked(true).setWriteQueueMaxSize(maxQueuedBytes)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
    EventLog.Listener listener = new EventLog.Listener(vertx.getOrCreateContext(), response, types, maxQueuedBytes);
    // The request's end handlers (closed, broken or ended), not the response's own close and exception
    // handlers, which would replace the ones they use.
    ctx.addEndHandler(ended -> leave(listener));
    // A stream never ends by itself: when the node drains and its port shuts down, end it, so that
    // the connection closes at once (the client reconnects elsewhere with Last-Event-ID).
    ctx.request().connection().shutdownHandler(shutdown -> {
      leave(listener);
      response.end();
    });
    // Joined before the head is sent, so that a client that sees the head misses nothing published
    // after; what the log posts to this listener runs on this context after what is written here.
    List<String> first = log.follow(listener, ctx.request().getHeader("Last-Event-ID"));
    response.write(":connected\n\n");
    first.forEach(listener::write);
  }

  private void leave(EventLog.Listener listener) {
    listener.leave();
    log.forget(listener);
  }
}

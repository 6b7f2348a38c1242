package dev.switchboard.channel.http;

import dev.switchboard.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/events}: {@link Addresses#CONVERSATION} and {@link Addresses#EVENTS} as Server-Sent
 * Events ({@code id:}, {@code event: <type>}, {@code data: <json>}), filtered by {@code ?types=a,b}.
 * One bus consumer per address fans out to every open stream, so listeners cost the bus nothing.
 *
 * <p>A comment line every {@code heartbeatMs} keeps proxies from closing a quiet stream. Each stream
 * holds at most {@code maxQueuedBytes} not yet taken by its client: a listener that falls behind is
 * disconnected, never buffered without bound and never waited for. It reconnects with
 * {@code Last-Event-ID} and gets what it missed from the last {@value #REPLAY_CAPACITY} events (at most
 * {@value #REPLAY_MAX_CHARS} characters of them), or a
 * {@code reset} event when that is too far back. Confined to the context that created it, whose
 * undeployment ends the consumers and the heartbeat.
 */
final class EventStream {

  static final int REPLAY_CAPACITY = 1024;
  /** The replay ring also stops at this many characters, so that long replies cannot make it large. */
  static final int REPLAY_MAX_CHARS = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  private record Frame(long id, String type, String text) {
  }

  private record Listener(HttpServerResponse response, Set<String> types) {

    boolean wants(String type) {
      return types.isEmpty() || types.contains(type);
    }
  }

  private final Vertx vertx;
  private final long heartbeatMs;
  private final int maxQueuedBytes;
  private final Set<Listener> listeners = new HashSet<>();
  private final Deque<Frame> recent = new ArrayDeque<>();
  private long recentChars;
  private long lastId;
  private long heartbeat = -1;
  private MessageConsumer<JsonObject> conversation;
  private MessageConsumer<JsonObject> events;

  EventStream(Vertx vertx, long heartbeatMs, int maxQueuedBytes) {
    this.vertx = vertx;
    this.heartbeatMs = heartbeatMs;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** Starts listening on the bus, lazily: a bridge nobody listens to pays nothing. */
  private void listen() {
    if (conversation != null) {
      return;
    }
    conversation = vertx.eventBus().consumer(Addresses.CONVERSATION, message -> broadcast(message.body()));
    events = vertx.eventBus().consumer(Addresses.EVENTS, message -> broadcast(message.body()));
    heartbeat = vertx.setPeriodic(heartbeatMs, timer -> listeners.forEach(listener -> write(listener, ":\n\n")));
  }

  void open(RoutingContext ctx) {
    listen();
    HttpServerResponse response = ctx.response();
    response.setChunked(true).setWriteQueueMaxSize(maxQueuedBytes)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
    String typesParam = ctx.request().getParam("types");
    Set<String> types = typesParam == null || typesParam.isBlank() ? Set.of()
        : Arrays.stream(typesParam.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    Listener listener = new Listener(response, types);
    // Written before the listener is shared: the heartbeat timer runs on another event loop and
    // must not get its comment in ahead of the stream's first line.
    response.write(":connected\n\n");
    listeners.add(listener);
    response.closeHandler(closed -> listeners.remove(listener));
    // A stream never ends by itself: when the node drains and its port shuts down, end it, so that
    // the connection closes at once (the client reconnects elsewhere with Last-Event-ID).
    ctx.request().connection().shutdownHandler(shutdown -> response.end());
    response.exceptionHandler(failure -> listeners.remove(listener));
    replay(listener, ctx.request().getHeader("Last-Event-ID"));
  }

  private void replay(Listener listener, String lastEventId) {
    if (lastEventId == null) {
      return;
    }
    long after;
    try {
      after = Long.parseLong(lastEventId.trim());
    } catch (NumberFormatException notOurs) {
      after = -1;
    }
    Frame oldest = recent.peekFirst();
    if (after < 0 || after > lastId || (oldest != null && after < oldest.id() - 1)) {
      write(listener, "event: reset\ndata: {\"type\":\"reset\",\"reason\":\"events after " + lastEventId
          + " are no longer kept\"}\n\n");
      return;
    }
    for (Frame frame : recent) {
      if (frame.id() > after && listener.wants(frame.type())) {
        write(listener, frame.text());
      }
    }
  }

  private void broadcast(JsonObject event) {
    if (event == null) {
      return;
    }
    String type = String.valueOf(event.getValue("type"));
    long id = ++lastId;
    Frame frame = new Frame(id, type, "id: " + id + "\nevent: " + type + "\ndata: " + event.encode() + "\n\n");
    recent.addLast(frame);
    recentChars += frame.text().length();
    while (recent.size() > REPLAY_CAPACITY || (recentChars > REPLAY_MAX_CHARS && recent.size() > 1)) {
      recentChars -= recent.removeFirst().text().length();
    }
    for (Listener listener : Set.copyOf(listeners)) {
      if (listener.wants(type)) {
        write(listener, frame.text());
      }
    }
  }

  /** Writes, or disconnects a listener whose client has stopped taking what it is sent. */
  private void write(Listener listener, String text) {
    if (listener.response().writeQueueFull()) {
      LOG.info("/v1/events: a listener fell {} bytes behind and is disconnected; it may resume with Last-Event-ID",
          maxQueuedBytes);
      listeners.remove(listener);
      listener.response().reset();
      return;
    }
    listener.response().write(text);
  }
}

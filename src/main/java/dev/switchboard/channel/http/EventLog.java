package dev.switchboard.channel.http;

import dev.switchboard.bus.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The node's numbered record of {@link Addresses#CONVERSATION} and {@link Addresses#EVENTS}, which
 * every gateway instance's {@code GET /v1/events} streams ({@link EventStream}): one numbering and one
 * replay ring per node, so an event has the same id on every connection and a client resuming with
 * {@code Last-Event-ID} is served alike by whichever instance takes its new connection. Started with
 * the node, so that what happens before the first listener can still be replayed.
 *
 * <p>An id is {@code <boot>-<n>}: {@code boot} names this start of the node (its time in ms, base 36,
 * and two random characters, for nodes of a cluster started in the same millisecond), {@code n} counts
 * from 1. An id of another boot (an earlier run, another node, garbage) or one older than the ring
 * gets a {@code reset} event, never events that merely share a number.
 *
 * <p>The ring holds the last {@value #REPLAY_CAPACITY} events and at most {@value #REPLAY_MAX_CHARS}
 * characters of them. The bus consumers and the heartbeat run on the context that created the log;
 * listeners open on the gateway instances' event loops. The numbering, the ring and the set of
 * listeners are guarded by this object's lock, so that a listener joins at one point of the
 * numbering: what is replayed to it and what is then posted to it neither overlap nor leave a gap.
 * Each listener is written to only on its connection's context.
 */
public final class EventLog {

  /** The event that tells a resuming client its missed events are not replayed. */
  static final String RESET = "reset";
  static final int REPLAY_CAPACITY = 1024;
  /** The replay ring also stops at this many characters, so that long replies cannot make it large. */
  static final int REPLAY_MAX_CHARS = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
  private static final String HEARTBEAT = ":\n\n";

  private record Frame(long n, String type, String text) {
  }

  /** One open stream; its response and {@code gone} are touched only on {@code context}. */
  static final class Listener {

    private final Context context;
    private final HttpServerResponse response;
    private final Set<String> types;
    private final int maxQueuedBytes;
    private boolean gone;

    Listener(Context context, HttpServerResponse response, Set<String> types, int maxQueuedBytes) {
      this.context = context;
      this.response = response;
      this.types = types;
      this.maxQueuedBytes = maxQueuedBytes;
    }

    private boolean wants(String type) {
      return types.isEmpty() || types.contains(type);
    }

    /** Writes, or disconnects a client that has stopped taking what it is sent. */
    void write(String text) {
      if (gone) {
        return;
      }
      if (response.writeQueueFull()) {
        LOG.info("/v1/events: a listener fell {} bytes behind and is disconnected; it may resume with Last-Event-ID",
            maxQueuedBytes);
        gone = true;
        response.reset();
        return;
      }
      response.write(text);
    }

    /** Nothing more is written: tasks posted before the log forgot this listener may still run. */
    void leave() {
      gone = true;
    }
  }

  private final String boot;
  private final Deque<Frame> recent = new ArrayDeque<>();
  private final Set<Listener> listeners = new HashSet<>();
  private long recentChars;
  private long lastN;
  private final Future<Void> listening;

  /** Listens on the bus from the caller's context, which must live as long as the node. */
  public EventLog(Vertx vertx, long heartbeatMs) {
    this.boot = Long.toString(System.currentTimeMillis(), 36)
        + Integer.toString(36 * 36 + ThreadLocalRandom.current().nextInt(36 * 36), 36).substring(1);
    MessageConsumer<JsonObject> conversation = vertx.eventBus()
        .consumer(Addresses.CONVERSATION, message -> append(message.body()));
    MessageConsumer<JsonObject> events = vertx.eventBus().consumer(Addresses.EVENTS, message -> append(message.body()));
    listening = Future.all(conversation.completion(), events.completion()).mapEmpty();
    vertx.setPeriodic(heartbeatMs, timer -> post(HEARTBEAT, null));
  }

  /** Completes once the bus consumers are registered. */
  public Future<Void> listening() {
    return listening;
  }

  /**
   * Adds {@code listener}; returns what it is to be written first, on its context, before anything
   * posted to it: the events after {@code lastEventId} (null: none), or a {@code reset} when they are
   * not kept.
   */
  synchronized List<String> follow(Listener listener, String lastEventId) {
    listeners.add(listener);
    if (lastEventId == null) {
      return List.of();
    }
    long after = numberOf(lastEventId.trim());
    Frame oldest = recent.peekFirst();
    if (after < 0 || after > lastN || (oldest != null && after < oldest.n() - 1)) {
      String reason = after < 0 ? lastEventId + " is not an event id of this run of this node"
          : "events after " + lastEventId + " are no longer kept";
      return List.of("event: " + RESET + "\ndata: " + new JsonObject().put("type", RESET).put("reason", reason).encode()
          + "\n\n");
    }
    List<String> missed = new ArrayList<>();
    for (Frame frame : recent) {
      if (frame.n() > after && listener.wants(frame.type())) {
        missed.add(frame.text());
      }
    }
    return missed;
  }

  synchronized void forget(Listener listener) {
    listeners.remove(listener);
  }

  /** The {@code n} of {@code <boot>-<n>} if {@code id} is of this boot, else -1. */
  private long numberOf(String id) {
    if (!id.startsWith(boot + "-")) {
      return -1;
    }
    try {
      return Math.max(-1, Long.parseLong(id.substring(boot.length() + 1)));
    } catch (NumberFormatException notOurs) {
      return -1;
    }
  }

  private synchronized void append(JsonObject event) {
    if (event == null) {
      return;
    }
    String type = String.valueOf(event.getValue("type"));
    long n = ++lastN;
    Frame frame = new Frame(n, type, "id: " + boot + "-" + n + "\nevent: " + type + "\ndata: " + event.encode() + "\n\n");
    recent.addLast(frame);
    recentChars += frame.text().length();
    while (recent.size() > REPLAY_CAPACITY || (recentChars > REPLAY_MAX_CHARS && recent.size() > 1)) {
      recentChars -= recent.removeFirst().text().length();
    }
    post(frame.text(), type);
  }

  /** Posts {@code text} to every listener that wants {@code type} (null: every listener), each on its context. */
  private synchronized void post(String text, String type) {
    for (Listener listener : listeners) {
      if (type == null || listener.wants(type)) {
        listener.context.runOnContext(now -> listener.write(text));
      }
    }
  }
}

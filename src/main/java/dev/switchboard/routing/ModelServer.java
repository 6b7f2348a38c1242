package dev.switchboard.routing;

import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelClient;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelException;
import dev.switchboard.model.ModelReply;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.routing.ModelStatus.State;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One server of one model (a provider lists several in {@code baseUrls}, or one in {@code baseUrl}):
 * its circuit breaker, the windows kept outside the breaker (disabled for a configuration problem,
 * cooling down after a 429), and its load: at most {@code maxConnections} requests in flight, at most
 * {@code maxQueued} more waiting for one of them. The counts are this node's only.
 *
 * <p>One per server and node ({@link ModelServers}), shared by the node's chains, each of which calls
 * it with a client of its own: the router's and each gateway instance's (DESIGN §10.0), on their own
 * event loops. So it is thread-safe: the breaker is Vert.x's (its methods are synchronized, and it
 * calls the handlers below while it holds its lock), the windows are volatile, and the load is
 * counted under a lock of its own that is never held while calling out; a waiting request gets its
 * slot on its own context.
 */
final class ModelServer {

  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

  /** Failures older than this no longer count towards opening a breaker, in milliseconds. */
  static final long FAILURES_WINDOW_MS = 60_000;

  /** Where a server's state changes are announced: the model, this server, the new state and until when. */
  interface Announcer {
    void announce(ModelServer server, State state, Long until);
  }

  final ResolvedModel model;
  final String url;
  private final Vertx vertx;
  private final CircuitBreaker breaker;
  /** Guards {@link #inFlight} and {@link #waiting}; nothing is called while it is held. */
  private final Object load = new Object();
  private final Deque<Waiting> waiting = new ArrayDeque<>();
  private int inFlight;
  private volatile Failure lastFailure;
  private volatile long lastLatencyMs = -1;
  private volatile long openedAt;
  private volatile Window disabled = Window.NONE;
  private final AtomicLong coolingUntil = new AtomicLong();
  /** The thread applying a state learned from another node, so that the breaker's open is not announced back. */
  private volatile Thread learningOn;

  private record Waiting(Promise<Void> slot, Context context, long deadlineAtMillis) {
  }

  /** A failure as one short phrase, and when it happened. */
  private record Failure(String reason, long atMillis) {
  }

  /** Until when the server is disabled, and why. */
  private record Window(long untilMillis, String reason) {
    static final Window NONE = new Window(0, null);
  }

  /** @param model the model as this server serves it: its provider's {@code baseUrl} is this server's */
  ModelServer(Vertx vertx, ResolvedModel model, Announcer announcer) {
    this.vertx = vertx;
    this.model = model;
    this.url = model.provider().baseUrl();
    String name = model.ref() + "@" + url;
    // The breaker never times out nor retries: deadlines are on the HTTP request and on the turn, and
    // retry and failover belong to the chain.
    this.breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
            .setTimeout(-1)
            .setMaxRetries(0)
            .setMaxFailures(model.provider().breakerMaxFailures())
            .setResetTimeout(model.provider().breakerResetMs())
            .setFailuresRollingWindow(FAILURES_WINDOW_MS))
        .failurePolicy(outcome -> {
          if (outcome.succeeded()) {
            return false;
          }
          // The policy sees each failure before the breaker changes state, so the open event can say why.
          lastFailure = new Failure(ModelHealth.describe(outcome.cause()), System.currentTimeMillis());
          return !(outcome.cause() instanceof ModelException failure) || failure.errorClass().countsAgainstBreaker();
        })
        .openHandler(v -> {
          openedAt = System.currentTimeMillis();
          LOG.warn("breaker model={} server={} state=open reason={}", model.ref(), url, lastFailureReason());
          if (learningOn != Thread.currentThread()) {
            announcer.announce(this, State.OPEN, openedAt + model.provider().breakerResetMs());
          }
        })
        .halfOpenHandler(v -> {
          LOG.warn("breaker model={} server={} state=half_open", model.ref(), url);
          announcer.announce(this, State.HALF_OPEN, null);
        })
        .closeHandler(v -> {
          LOG.warn("breaker model={} server={} state=closed", model.ref(), url);
          announcer.announce(this, State.CLOSED, null);
        });
  }

  /** This server's state now, the most definitive first. */
  State state(long now) {
    if (disabled.untilMillis() > now) {
      return State.DISABLED;
    }
    CircuitBreakerState breakerState = breaker.state();
    if (breakerState == CircuitBreakerState.OPEN) {
      return State.OPEN;
    }
    if (breakerState == CircuitBreakerState.HALF_OPEN) {
      return State.HALF_OPEN;
    }
    return coolingUntil.get() > now ? State.COOLING_DOWN : State.CLOSED;
  }

  /** Whether a request may go to this server now (half-open: its breaker decides about the probe). */
  boolean usable(long now) {
    State state = state(now);
    return state == State.CLOSED || state == State.HALF_OPEN;
  }

  /** Why the state is not closed (its last failure, the disabling reason), or null. */
  String reason(long now) {
    return switch (state(now)) {
      case DISABLED -> disabled.reason();
      case OPEN, HALF_OPEN -> lastFailureReason();
      case COOLING_DOWN -> "rate limited";
      default -> null;
    };
  }

  /** When the state ends, epoch milliseconds, or null when unknown or not applicable. */
  Long until(long now) {
    return switch (state(now)) {
      case DISABLED -> disabled.untilMillis();
      case OPEN -> openedAt + model.provider().breakerResetMs();
      case COOLING_DOWN -> coolingUntil.get();
      default -> null;
    };
  }

  /** Requests in flight plus those waiting, on the whole node: what "least busy" compares. */
  int load() {
    synchronized (load) {
      return inFlight + waiting.size();
    }
  }

  /** Whether a request would get a connection now or a place in the queue. */
  boolean hasRoom() {
    synchronized (load) {
      return inFlight < model.provider().maxConnections() || waiting.size() < model.provider().maxQueued();
    }
  }

  /**
   * Calls the model on this server with {@code client} (the calling chain's), through the breaker,
   * once a connection slot is free. Fails with {@code OpenCircuitException}, without a request, when
   * the breaker is half-open and its single probe is already in flight.
   *
   * @param visibleText where the final text goes piece by piece as it streams, or null
   */
  Future<ModelReply> call(ModelClient client, ModelRequest request, Consumer<String> visibleText) {
    return slot(request.deadlineAtMillis()).compose(acquired -> {
      long started = System.nanoTime();
      return breaker.<ModelReply>execute(() -> visibleText == null
          ? client.generate(request) : client.generate(request, visibleText)).andThen(done -> {
        if (done.succeeded()) {
          lastLatencyMs = (System.nanoTime() - started) / 1_000_000;
        }
        release();
      });
    });
  }

  private Future<Void> slot(long deadlineAtMillis) {
    Waiting queued;
    synchronized (load) {
      if (inFlight < model.provider().maxConnections()) {
        inFlight++;
        return Future.succeededFuture();
      }
      if (waiting.size() >= model.provider().maxQueued()) {
        return Future.failedFuture(new ModelException(ModelErrorClass.BUSY, "every connection to " + url
            + " is busy and " + waiting.size() + " requests wait already"));
      }
      queued = new Waiting(Promise.promise(), vertx.getOrCreateContext(), deadlineAtMillis);
      waiting.add(queued);
    }
    return queued.slot().future();
  }

  /**
   * Hands the freed slot to the oldest waiting request whose turn has not run out of time meanwhile;
   * those whose time ran out fail. Each on its own context.
   */
  private void release() {
    long now = System.currentTimeMillis();
    List<Waiting> late = new ArrayList<>();
    Waiting next = null;
    synchronized (load) {
      inFlight--;
      while (next == null && !waiting.isEmpty()) {
        Waiting candidate = waiting.poll();
        if (candidate.deadlineAtMillis() > now) {
          inFlight++;
          next = candidate;
        } else {
          late.add(candidate);
        }
      }
    }
    late.forEach(wait -> onItsContext(wait, () -> wait.slot().fail(
        new ModelException(ModelErrorClass.DEADLINE, "the turn's time ran out waiting for " + url))));
    if (next != null) {
      Waiting granted = next;
      onItsContext(granted, () -> granted.slot().complete());
    }
  }

  private static void onItsContext(Waiting wait, Runnable action) {
    if (Vertx.currentContext() == wait.context()) {
      action.run();
    } else {
      wait.context().runOnContext(now -> action.run());
    }
  }

  /** Opens the breaker at once: nothing answered the connect. */
  void openNow() {
    // Several loops may find the server dead at once: the check and the open are one step under the
    // breaker's own monitor (Vert.x's breaker synchronizes on itself), so it opens, is announced and
    // sets its reset timer once, not once per loop.
    synchronized (breaker) {
      if (breaker.state() != CircuitBreakerState.OPEN) {
        breaker.open();
      }
    }
  }

  void disable(long untilMillis, String reason) {
    disabled = new Window(untilMillis, reason);
  }

  void coolDown(long untilMillis) {
    coolingUntil.accumulateAndGet(untilMillis, Math::max);
  }

  /** Applies what another node learned about this server, without announcing it again. */
  void learn(State state, long until, String reason) {
    switch (state) {
      case OPEN -> {
        lastFailure = new Failure(reason, System.currentTimeMillis());
        learningOn = Thread.currentThread();
        try {
          openNow();
        } finally {
          learningOn = null;
        }
      }
      case DISABLED -> disable(until, reason);
      case COOLING_DOWN -> coolDown(until);
      default -> {
        // Closing and half-opening are each node's own breaker's business: its probe decides.
      }
    }
  }

  private String lastFailureReason() {
    Failure failure = lastFailure;
    return failure == null ? null : failure.reason();
  }

  /** For {@code /readyz} and {@code /status}. */
  JsonObject toJson(long now) {
    State state = state(now);
    int running;
    int queued;
    synchronized (load) {
      running = inFlight;
      queued = waiting.size();
    }
    JsonObject json = new JsonObject().put("url", url).put("breaker", state.wireName()).put("inFlight", running)
        .put("maxConnections", model.provider().maxConnections()).put("queued", queued);
    Failure failure = lastFailure;
    if (failure != null) {
      json.put("lastError", failure.reason()).put("lastErrorAt", failure.atMillis());
    }
    long cooling = coolingUntil.get();
    if (cooling > now) {
      json.put("cooldownUntil", cooling);
    }
    long latency = lastLatencyMs;
    if (latency >= 0) {
      json.put("lastLatencyMs", latency);
    }
    return json;
  }

  void close() {
    breaker.close();
  }
}

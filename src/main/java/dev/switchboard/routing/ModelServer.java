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
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * One server of one model (a provider lists several in {@code baseUrls}, or one in {@code baseUrl}):
 * its client, its circuit breaker, the windows kept outside the breaker (disabled for a configuration
 * problem, cooling down after a 429), and its load: at most {@code maxConnections} requests in flight,
 * at most {@code maxQueued} more waiting for one of them. The counts are this node's only.
 *
 * <p>Confined to the router's context, like the chain that uses it.
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
  private final ModelClient client;
  private final CircuitBreaker breaker;
  private final Deque<Waiting> waiting = new ArrayDeque<>();
  private String lastFailure;
  private long lastFailureAt;
  private long lastLatencyMs = -1;
  private long openedAt;
  private long disabledUntil;
  private String disabledReason;
  private long coolingUntil;
  private int inFlight;
  /** Set while a state learned from another node is applied, so that it is not announced back. */
  private boolean applyingLearned;

  private record Waiting(Promise<Void> slot, long deadlineAtMillis) {
  }

  /** @param model the model as this server serves it: its provider's {@code baseUrl} is this server's */
  ModelServer(Vertx vertx, ResolvedModel model, ModelClient client, Announcer announcer) {
    this.model = model;
    this.url = model.provider().baseUrl();
    this.client = client;
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
          lastFailure = ModelHealth.describe(outcome.cause());
          lastFailureAt = System.currentTimeMillis();
          return !(outcome.cause() instanceof ModelException failure) || failure.errorClass().countsAgainstBreaker();
        })
        .openHandler(v -> {
          openedAt = System.currentTimeMillis();
          LOG.warn("breaker model={} server={} state=open reason={}", model.ref(), url, lastFailure);
          if (!applyingLearned) {
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
    if (disabledUntil > now) {
      return State.DISABLED;
    }
    CircuitBreakerState breakerState = breaker.state();
    if (breakerState == CircuitBreakerState.OPEN) {
      return State.OPEN;
    }
    if (breakerState == CircuitBreakerState.HALF_OPEN) {
      return State.HALF_OPEN;
    }
    return coolingUntil > now ? State.COOLING_DOWN : State.CLOSED;
  }

  /** Whether a request may go to this server now (half-open: its breaker decides about the probe). */
  boolean usable(long now) {
    State state = state(now);
    return state == State.CLOSED || state == State.HALF_OPEN;
  }

  /** Why the state is not closed (its last failure, the disabling reason), or null. */
  String reason(long now) {
    return switch (state(now)) {
      case DISABLED -> disabledReason;
      case OPEN, HALF_OPEN -> lastFailure;
      case COOLING_DOWN -> "rate limited";
      default -> null;
    };
  }

  /** When the state ends, epoch milliseconds, or null when unknown or not applicable. */
  Long until(long now) {
    return switch (state(now)) {
      case DISABLED -> disabledUntil;
      case OPEN -> openedAt + model.provider().breakerResetMs();
      case COOLING_DOWN -> coolingUntil;
      default -> null;
    };
  }

  /** Requests in flight plus those waiting: what "least busy" compares. */
  int load() {
    return inFlight + waiting.size();
  }

  /** Whether a request would get a connection now or a place in the queue. */
  boolean hasRoom() {
    return inFlight < model.provider().maxConnections() || waiting.size() < model.provider().maxQueued();
  }

  /**
   * Calls the model on this server through its breaker, once a connection slot is free. Fails with
   * {@code OpenCircuitException}, without a request, when the breaker is half-open and its single
   * probe is already in flight.
   *
   * @param visibleText where the final text goes piece by piece as it streams, or null
   */
  Future<ModelReply> call(ModelRequest request, Consumer<String> visibleText) {
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
    if (inFlight < model.provider().maxConnections()) {
      inFlight++;
      return Future.succeededFuture();
    }
    if (waiting.size() >= model.provider().maxQueued()) {
      return Future.failedFuture(new ModelException(ModelErrorClass.BUSY, "every connection to " + url
          + " is busy and " + waiting.size() + " requests wait already"));
    }
    Promise<Void> slot = Promise.promise();
    waiting.add(new Waiting(slot, deadlineAtMillis));
    return slot.future();
  }

  /** Hands the freed slot to the oldest waiting request whose turn has not run out of time meanwhile. */
  private void release() {
    inFlight--;
    long now = System.currentTimeMillis();
    while (!waiting.isEmpty()) {
      Waiting next = waiting.poll();
      if (next.deadlineAtMillis() > now) {
        inFlight++;
        next.slot().complete();
        return;
      }
      next.slot().fail(new ModelException(ModelErrorClass.DEADLINE, "the turn's time ran out waiting for " + url));
    }
  }

  /** Opens the breaker at once: nothing answered the connect. */
  void openNow() {
    if (breaker.state() != CircuitBreakerState.OPEN) {
      breaker.open();
    }
  }

  void disable(long untilMillis, String reason) {
    disabledReason = reason;
    disabledUntil = untilMillis;
  }

  void coolDown(long untilMillis) {
    coolingUntil = Math.max(coolingUntil, untilMillis);
  }

  /** Applies what another node learned about this server, without announcing it again. */
  void learn(State state, long until, String reason) {
    switch (state) {
      case OPEN -> {
        lastFailure = reason;
        applyingLearned = true;
        try {
          openNow();
        } finally {
          applyingLearned = false;
        }
      }
      case DISABLED -> disable(until, reason);
      case COOLING_DOWN -> coolDown(until);
      default -> {
        // Closing and half-opening are each node's own breaker's business: its probe decides.
      }
    }
  }

  /** For {@code /readyz} and {@code /status}. */
  JsonObject toJson(long now) {
    State state = state(now);
    JsonObject json = new JsonObject().put("url", url).put("breaker", state.wireName()).put("inFlight", inFlight)
        .put("maxConnections", model.provider().maxConnections()).put("queued", waiting.size());
    if (lastFailure != null) {
      json.put("lastError", lastFailure).put("lastErrorAt", lastFailureAt);
    }
    if (coolingUntil > now) {
      json.put("cooldownUntil", coolingUntil);
    }
    if (lastLatencyMs >= 0) {
      json.put("lastLatencyMs", lastLatencyMs);
    }
    return json;
  }

  void close() {
    breaker.close();
  }
}

package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelClient;
import dev.switchboard.model.ModelClientFactory;
import dev.switchboard.model.ModelException;
import dev.switchboard.model.ModelReply;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.routing.ModelStatus.State;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Per model ref: its client, its circuit breaker, and the windows kept outside the breaker (disabled
 * for a configuration problem, cooling down after a 429). Thread-safe: {@code /readyz} reads it from
 * other event loops.
 */
final class ModelHealth {

  private static final Logger LOG = LoggerFactory.getLogger(ModelHealth.class);

  /** Failures older than this no longer count towards opening a breaker, in milliseconds. */
  static final long DEFAULT_FAILURES_WINDOW_MS = 60_000;

  /** Why a model is passed over without a request. */
  record Skip(String reason, String detail) {
  }

  private final Vertx vertx;
  private final ModelClientFactory clients;
  private final Map<ModelRef, Tracked> tracked = new ConcurrentHashMap<>();

  ModelHealth(Vertx vertx, ModelClientFactory clients) {
    this.vertx = vertx;
    this.clients = clients;
  }

  /** Null when {@code model} may be called now; otherwise why not. HALF_OPEN is decided by the breaker itself. */
  Skip skip(ResolvedModel model) {
    if (!model.available()) {
      return new Skip("unavailable", "unavailable (" + model.provider().unavailableReason() + ")");
    }
    Tracked t = tracked(model);
    long now = System.currentTimeMillis();
    if (t.disabledUntil > now) {
      return new Skip("disabled", "disabled (" + t.disabledReason + ")");
    }
    if (t.breaker.state() == CircuitBreakerState.OPEN) {
      return new Skip("breaker_open", "breaker open (" + t.lastFailure + ")");
    }
    if (t.coolingUntil > now) {
      return new Skip("cooling_down", "rate limited, cooling down");
    }
    return null;
  }

  /**
   * Calls the model through its breaker. Fails with {@code OpenCircuitException}, without a request,
   * when the breaker is half-open and its single probe is already in flight.
   *
   * @param visibleText where the final text goes piece by piece as it streams, or null
   */
  Future<ModelReply> call(ResolvedModel model, ModelRequest request, Consumer<String> visibleText) {
    Tracked t = tracked(model);
    return t.breaker.execute(() -> visibleText == null
        ? t.client.generate(request) : t.client.generate(request, visibleText));
  }

  /**
   * Opens the breaker at once. For a connection that could not be made: the server is not running,
   * and each of the N failures needed to open it the usual way would only make a user wait for the
   * next model.
   */
  void openNow(ResolvedModel model) {
    CircuitBreaker breaker = tracked(model).breaker;
    if (breaker.state() != CircuitBreakerState.OPEN) {
      breaker.open();
    }
  }

  /** Keeps the model out of every turn for {@code durationMs}: a configuration problem no retry fixes. */
  void disable(ResolvedModel model, long durationMs, String reason) {
    Tracked t = tracked(model);
    t.disabledReason = reason;
    t.disabledUntil = System.currentTimeMillis() + durationMs;
    publish(model.ref(), State.DISABLED, t.disabledUntil);
  }

  /** Skips the model until the provider's Retry-After has passed. */
  void coolDown(ResolvedModel model, long durationMs) {
    tracked(model).coolingUntil = System.currentTimeMillis() + durationMs;
  }

  ModelStatus status(ResolvedModel model) {
    String ref = model.ref().toString();
    if (!model.available()) {
      return new ModelStatus(ref, State.UNAVAILABLE, model.provider().unavailableReason(), null);
    }
    Tracked t = tracked.get(model.ref());
    if (t == null) {
      return new ModelStatus(ref, State.CLOSED, null, null);
    }
    long now = System.currentTimeMillis();
    if (t.disabledUntil > now) {
      return new ModelStatus(ref, State.DISABLED, t.disabledReason, t.disabledUntil);
    }
    switch (t.breaker.state()) {
      case OPEN:
        return new ModelStatus(ref, State.OPEN, t.lastFailure, t.openedAt + model.provider().breakerResetMs());
      case HALF_OPEN:
        return new ModelStatus(ref, State.HALF_OPEN, t.lastFailure, null);
      default:
        break;
    }
    if (t.coolingUntil > now) {
      return new ModelStatus(ref, State.COOLING_DOWN, "rate limited", t.coolingUntil);
    }
    return new ModelStatus(ref, State.CLOSED, null, null);
  }

  /** Every model that has been called, so strict choices outside the chain show up too. */
  Iterable<ResolvedModel> known() {
    return tracked.values().stream().map(t -> t.model).toList();
  }

  void close() {
    tracked.values().forEach(t -> t.breaker.close());
  }

  private Tracked tracked(ResolvedModel model) {
    return tracked.computeIfAbsent(model.ref(), ref -> new Tracked(model));
  }

  private void publish(ModelRef model, State state, Long until) {
    JsonObject event = new JsonObject().put("type", "breaker").put("model", model.toString())
        .put("state", state.wireName());
    if (until != null) {
      event.put("until", until);
    }
    vertx.eventBus().publish(Addresses.EVENTS, event);
  }

  private final class Tracked {

    final ResolvedModel model;
    final ModelClient client;
    final CircuitBreaker breaker;
    volatile String lastFailure;
    volatile long openedAt;
    volatile long disabledUntil;
    volatile String disabledReason;
    volatile long coolingUntil;

    Tracked(ResolvedModel model) {
      this.model = model;
      this.client = clients.create(model);
      ModelRef ref = model.ref();
      // The breaker never times out nor retries: deadlines are on the HTTP request and on the turn,
      // and retry and failover belong to the chain.
      this.breaker = CircuitBreaker.create(ref.toString(), vertx, new CircuitBreakerOptions()
              .setTimeout(-1)
              .setMaxRetries(0)
              .setMaxFailures(model.provider().breakerMaxFailures())
              .setResetTimeout(model.provider().breakerResetMs())
              .setFailuresRollingWindow(DEFAULT_FAILURES_WINDOW_MS))
          .failurePolicy(outcome -> {
            if (outcome.succeeded()) {
              return false;
            }
            // The policy sees each failure before the breaker changes state, so the open event can say why.
            lastFailure = describe(outcome.cause());
            return !(outcome.cause() instanceof ModelException failure) || failure.errorClass().countsAgainstBreaker();
          })
          .openHandler(v -> {
            openedAt = System.currentTimeMillis();
            LOG.warn("breaker model={} state=open reason={}", ref, lastFailure);
            publish(ref, State.OPEN, openedAt + model.provider().breakerResetMs());
          })
          .halfOpenHandler(v -> {
            LOG.warn("breaker model={} state=half_open", ref);
            publish(ref, State.HALF_OPEN, null);
          })
          .closeHandler(v -> {
            LOG.warn("breaker model={} state=closed", ref);
            publish(ref, State.CLOSED, null);
          });
    }
  }

  /** A failure as one short phrase: its class and the backend's message. */
  static String describe(Throwable failure) {
    if (failure instanceof ModelException e) {
      return e.errorClass().code() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return String.valueOf(failure.getMessage());
  }
}

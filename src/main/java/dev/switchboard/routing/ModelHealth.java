package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelClientFactory;
import dev.switchboard.model.ModelException;
import dev.switchboard.routing.ModelStatus.State;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per model ref, its servers ({@link ModelServer}: one per entry of the provider's {@code baseUrls},
 * each with its client, breaker, windows and load), which server takes the next request (the least
 * busy, ties by rotation), and the model's state as a whole: usable while one server is. Changes are
 * announced on {@code switchboard.events}, and what other nodes announce is applied here too
 * ({@link #learn}). Confined to the router's context ({@code /readyz} asks the router over the bus).
 */
final class ModelHealth {

  /** Why a model is passed over without a request. */
  record Skip(String reason, String detail) {
  }

  private final Vertx vertx;
  private final ModelClientFactory clients;
  private final String nodeId;
  private final Map<ModelRef, Pool> pools = new HashMap<>();

  /** @param nodeId names this node in the events it publishes, so that it ignores its own when they come back */
  ModelHealth(Vertx vertx, ModelClientFactory clients, String nodeId) {
    this.vertx = vertx;
    this.clients = clients;
    this.nodeId = nodeId;
  }

  /** A model's servers and where the rotation among equally busy ones stands. */
  private static final class Pool {
    final ResolvedModel model;
    final List<ModelServer> servers;
    int rotation;

    Pool(ResolvedModel model, List<ModelServer> servers) {
      this.model = model;
      this.servers = servers;
    }
  }

  /** Null when a server of {@code model} may be called now; otherwise why not. */
  Skip skip(ResolvedModel model) {
    if (!model.available()) {
      return new Skip("unavailable", "unavailable (" + model.provider().unavailableReason() + ")");
    }
    long now = System.currentTimeMillis();
    Pool pool = pool(model);
    ModelServer best = best(pool, now);
    return switch (best.state(now)) {
      case DISABLED -> new Skip("disabled", "disabled (" + best.reason(now) + ")");
      case OPEN -> new Skip("breaker_open", "breaker open (" + best.reason(now) + ")");
      case COOLING_DOWN -> new Skip("cooling_down", "rate limited, cooling down");
      default -> pool.servers.stream().anyMatch(server -> server.usable(now) && server.hasRoom())
          ? null : new Skip("busy", "every server busy");
    };
  }

  /**
   * The server for the next request: among those usable now, with room, and not {@code tried} in this
   * turn, the one with the fewest requests in flight and waiting; ties go round in turn. Null when none.
   */
  ModelServer pick(ResolvedModel model, Collection<ModelServer> tried) {
    Pool pool = pool(model);
    long now = System.currentTimeMillis();
    int size = pool.servers.size();
    ModelServer chosen = null;
    for (int i = 0; i < size; i++) {
      ModelServer server = pool.servers.get((pool.rotation + i) % size);
      if (server.usable(now) && server.hasRoom() && !tried.contains(server) && (chosen == null || server.load() < chosen.load())) {
        chosen = server;
      }
    }
    if (chosen != null) {
      pool.rotation = (pool.servers.indexOf(chosen) + 1) % size;
    }
    return chosen;
  }

  /** Keeps the server out of every turn until {@code durationMs} from now: a configuration problem no retry fixes. */
  void disable(ModelServer server, long durationMs, String reason) {
    server.disable(System.currentTimeMillis() + durationMs, reason);
    announce(server, State.DISABLED, System.currentTimeMillis() + durationMs, reason);
  }

  /** Skips the server until the provider's Retry-After has passed. */
  void coolDown(ModelServer server, long durationMs) {
    long until = System.currentTimeMillis() + durationMs;
    server.coolDown(until);
    announce(server, State.COOLING_DOWN, until, "rate limited");
  }

  /**
   * Applies a {@code breaker} event another node published: an opened breaker, a model disabled or
   * cooling down there is skipped here too, so a dead server is found once per cluster. Events of
   * this node, of models or servers this node does not have, and other states are ignored.
   */
  void learn(JsonObject event, Map<String, ResolvedModel> modelsByRef) {
    if (nodeId.equals(event.getString("node")) || !"breaker".equals(event.getString("type"))) {
      return;
    }
    ResolvedModel model = modelsByRef.get(event.getString("model"));
    State state;
    try {
      state = State.valueOf(String.valueOf(event.getString("state")).toUpperCase());
    } catch (IllegalArgumentException unknown) {
      return;
    }
    if (model == null || !model.available()) {
      return;
    }
    String server = event.getString("server");
    long until = event.getLong("until", 0L);
    String reason = event.getString("reason", "reported by node " + event.getString("node"));
    pool(model).servers.stream().filter(s -> s.url.equals(server))
        .forEach(s -> s.learn(state, until, reason + " (learned from node " + event.getString("node") + ")"));
  }

  /** The model's state as a whole (its best server's), with each server's details. */
  ModelStatus status(ResolvedModel model) {
    String ref = model.ref().toString();
    if (!model.available()) {
      return new ModelStatus(ref, State.UNAVAILABLE, model.provider().unavailableReason(), null, new JsonArray());
    }
    Pool pool = pools.get(model.ref());
    long now = System.currentTimeMillis();
    if (pool == null) {
      JsonArray servers = new JsonArray();
      model.provider().baseUrls().forEach(url -> servers.add(new JsonObject().put("url", url)
          .put("breaker", State.CLOSED.wireName()).put("inFlight", 0)
          .put("maxConnections", model.provider().maxConnections()).put("queued", 0)));
      return new ModelStatus(ref, State.CLOSED, null, null, servers);
    }
    ModelServer best = best(pool, now);
    JsonArray servers = new JsonArray();
    pool.servers.forEach(server -> servers.add(server.toJson(now)));
    return new ModelStatus(ref, best.state(now), best.reason(now), best.until(now), servers);
  }

  /** Every model that has been called, so strict choices outside the chain show up too. */
  Iterable<ResolvedModel> known() {
    return pools.values().stream().map(pool -> pool.model).toList();
  }

  void close() {
    pools.values().forEach(pool -> pool.servers.forEach(ModelServer::close));
  }

  /** The server in the most usable state (CLOSED before HALF_OPEN … before DISABLED), the first on a tie. */
  private static ModelServer best(Pool pool, long now) {
    ModelServer best = pool.servers.get(0);
    for (ModelServer server : pool.servers) {
      if (server.state(now).ordinal() > best.state(now).ordinal()) {
        best = server;
      }
    }
    return best;
  }

  private Pool pool(ResolvedModel model) {
    return pools.computeIfAbsent(model.ref(), ref -> {
      List<ModelServer> servers = new ArrayList<>();
      for (String url : model.provider().baseUrls()) {
        ResolvedModel served = new ResolvedModel(model.ref(), model.provider().server(url), model.definition());
        servers.add(new ModelServer(vertx, served, clients.create(served),
            (server, state, until) -> announce(server, state, until, null)));
      }
      return new Pool(model, servers);
    });
  }

  private void announce(ModelServer server, State state, Long until, String reason) {
    JsonObject event = new JsonObject().put("type", "breaker").put("model", server.model.ref().toString())
        .put("server", server.url).put("state", state.wireName()).put("node", nodeId);
    if (until != null) {
      event.put("until", until);
    }
    if (reason != null) {
      event.put("reason", reason);
    }
    vertx.eventBus().publish(Addresses.EVENTS, event);
  }

  /** A failure as one short phrase: its class and the backend's message. */
  static String describe(Throwable failure) {
    if (failure instanceof ModelException e) {
      return e.errorClass().code() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return String.valueOf(failure.getMessage());
  }
}

package dev.switchboard.routing;

import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelClient;
import dev.switchboard.model.ModelClientFactory;
import dev.switchboard.model.ModelException;
import dev.switchboard.model.ModelReply;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.routing.ModelStatus.State;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One chain's view of the node's model servers ({@link ModelServers}): per model ref, its servers
 * (one per entry of the provider's {@code baseUrls}) with this chain's client for each, which server
 * takes the next request (the least busy on the node, ties by rotation), and the model's state as a
 * whole: usable while one server is. The servers' state is the node's, shared with its other chains;
 * changes are announced on {@code switchboard.events}. Confined to its chain's context.
 */
final class ModelHealth {

  /** Why a model is passed over without a request. */
  record Skip(String reason, String detail) {
  }

  private final ModelClientFactory clients;
  private final ModelServers servers;
  private final Map<ModelRef, Pool> pools = new HashMap<>();

  ModelHealth(ModelClientFactory clients, ModelServers servers) {
    this.clients = clients;
    this.servers = servers;
  }

  /** A model's servers, this chain's client for each, and the node's rotation among equally busy ones. */
  private static final class Pool {
    final List<ModelServer> servers;
    final AtomicInteger rotation;
    final Map<ModelServer, ModelClient> clients = new HashMap<>();

    Pool(List<ModelServer> servers, AtomicInteger rotation) {
      this.servers = servers;
      this.rotation = rotation;
    }
  }

  /** Null when a server of {@code model} may be called now; otherwise why not. */
  Skip skip(ResolvedModel model) {
    if (!model.available()) {
      return new Skip("unavailable", "unavailable (" + model.provider().unavailableReason() + ")");
    }
    long now = System.currentTimeMillis();
    Pool pool = pool(model);
    ModelServer best = best(pool.servers, now);
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
    int start = pool.rotation.get();
    int size = pool.servers.size();
    ModelServer chosen = null;
    for (int i = 0; i < size; i++) {
      ModelServer server = pool.servers.get((start + i) % size);
      if (server.usable(now) && server.hasRoom() && !tried.contains(server) && (chosen == null || server.load() < chosen.load())) {
        chosen = server;
      }
    }
    if (chosen != null) {
      pool.rotation.set((pool.servers.indexOf(chosen) + 1) % size);
    }
    return chosen;
  }

  /** Keeps the server out of every turn until {@code durationMs} from now: a configuration problem no retry fixes. */
  void disable(ModelServer server, long durationMs, String reason) {
    long until = System.currentTimeMillis() + durationMs;
    server.disable(until, reason);
    servers.announce(server, State.DISABLED, until, reason);
  }

  /** Skips the server until the provider's Retry-After has passed. */
  void coolDown(ModelServer server, long durationMs) {
    long until = System.currentTimeMillis() + durationMs;
    server.coolDown(until);
    servers.announce(server, State.COOLING_DOWN, until, "rate limited");
  }

  /** Calls the model on {@code server}, one of {@link #pick}'s, with this chain's client for it. */
  Future<ModelReply> call(ModelServer server, ModelRequest request, Consumer<String> visibleText) {
    return server.call(pool(server.model).clients.get(server), request, visibleText);
  }

  /** The model's state as a whole (its best server's), with each server's details. */
  ModelStatus status(ResolvedModel model) {
    String ref = model.ref().toString();
    if (!model.available()) {
      return new ModelStatus(ref, State.UNAVAILABLE, model.provider().unavailableReason(), null, new JsonArray());
    }
    long now = System.currentTimeMillis();
    if (!servers.called(model)) {
      JsonArray described = new JsonArray();
      model.provider().baseUrls().forEach(url -> described.add(new JsonObject().put("url", url)
          .put("breaker", State.CLOSED.wireName()).put("inFlight", 0)
          .put("maxConnections", model.provider().maxConnections()).put("queued", 0)));
      return new ModelStatus(ref, State.CLOSED, null, null, described);
    }
    List<ModelServer> nodeServers = servers.of(model);
    ModelServer best = best(nodeServers, now);
    JsonArray described = new JsonArray();
    nodeServers.forEach(server -> described.add(server.toJson(now)));
    return new ModelStatus(ref, best.state(now), best.reason(now), best.until(now), described);
  }

  /** Every model a chain of this node has called, so strict choices outside the chain show up too. */
  Iterable<ResolvedModel> known() {
    return servers.known();
  }

  /** The server in the most usable state (CLOSED before HALF_OPEN … before DISABLED), the first on a tie. */
  private static ModelServer best(List<ModelServer> servers, long now) {
    ModelServer best = servers.get(0);
    for (ModelServer server : servers) {
      if (server.state(now).ordinal() > best.state(now).ordinal()) {
        best = server;
      }
    }
    return best;
  }

  private Pool pool(ResolvedModel model) {
    return pools.computeIfAbsent(model.ref(), ref -> {
      Pool pool = new Pool(servers.of(model), servers.rotation(model));
      pool.servers.forEach(server -> pool.clients.put(server, clients.create(server.model)));
      return pool;
    });
  }

  /** A failure as one short phrase: its class and the backend's message. */
  static String describe(Throwable failure) {
    if (failure instanceof ModelException e) {
      return e.errorClass().code() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return String.valueOf(failure.getMessage());
  }
}

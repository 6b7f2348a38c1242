package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.routing.ModelStatus.State;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's model servers: one {@link ModelServer} per model and server, shared by every chain of the
 * node (the router's, and each gateway instance's, DESIGN §10.0), so that a breaker opened, a model
 * disabled or cooling down, and {@code maxConnections} hold for the whole node whichever event loop
 * calls. What the node learns of a server is announced on {@code switchboard.events}, and what other
 * nodes announce is applied here ({@link #learn}). Thread-safe.
 */
public final class ModelServers {

  private final Vertx vertx;
  /** Names this node in the events it publishes, so that it ignores its own when they come back. */
  private final String nodeId = UUID.randomUUID().toString();
  /** Keyed by the model and the server's whole configuration: a provider configured anew gets new servers. */
  private final Map<Key, ModelServer> servers = new ConcurrentHashMap<>();
  /** Per model, the server after the one chosen last: ties among equally busy servers go round the node. */
  private final Map<ModelRef, AtomicInteger> rotations = new ConcurrentHashMap<>();
  /** Every model a chain of this node has called. */
  private final Map<ModelRef, ResolvedModel> called = new ConcurrentHashMap<>();

  private record Key(ModelRef ref, ProviderConfig server) {
  }

  public ModelServers(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The model's servers, one per entry of its provider's {@code baseUrls}, made at their first call. */
  List<ModelServer> of(ResolvedModel model) {
    called.putIfAbsent(model.ref(), model);
    List<ModelServer> found = new ArrayList<>();
    for (String url : model.provider().baseUrls()) {
      ProviderConfig server = model.provider().server(url);
      found.add(servers.computeIfAbsent(new Key(model.ref(), server), key -> new ModelServer(vertx,
          new ResolvedModel(model.ref(), server, model.definition()),
          (changed, state, until) -> announce(changed, state, until, null))));
    }
    return found;
  }

  /** Where the model's rotation among equally busy servers stands, for every chain of the node. */
  AtomicInteger rotation(ResolvedModel model) {
    return rotations.computeIfAbsent(model.ref(), ref -> new AtomicInteger());
  }

  /** Whether a chain of this node has called the model yet. */
  boolean called(ResolvedModel model) {
    return called.containsKey(model.ref());
  }

  /** Every model a chain of this node has called, so strict choices outside the chain show up too. */
  List<ResolvedModel> known() {
    return List.copyOf(called.values());
  }

  /**
   * Applies a {@code breaker} event another node published: an opened breaker, a model disabled or
   * cooling down there is skipped here too, so a dead server is found once per cluster. Events of
   * this node, of models or servers this node does not have, and other states are ignored.
   */
  public void learn(JsonObject event, Map<String, ResolvedModel> modelsByRef) {
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
    of(model).stream().filter(s -> s.url.equals(server))
        .forEach(s -> s.learn(state, until, reason + " (learned from node " + event.getString("node") + ")"));
  }

  void announce(ModelServer server, State state, Long until, String reason) {
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

  /** Releases the breakers. */
  public void close() {
    servers.values().forEach(ModelServer::close);
    servers.clear();
  }
}

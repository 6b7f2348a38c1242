package dev.switchboard.routing;

import dev.switchboard.bus.AskFailure;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.config.CompactionConfig;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelClientFactory;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers a request with the configured chain (the primary, then the fallbacks) or with one model a
 * user chose, following the error classes of DESIGN.md §4: one circuit breaker per model server,
 * models disabled for configuration problems, rate-limited models cooling down, context overflow
 * answered by compacting the history or by a larger window, and the whole turn bounded by the
 * request's deadline.
 *
 * <p>Each run starts again from the primary (whose breaker decides): a fallback lasts one turn.
 * Failures are {@link ChainException}s. Failovers and breaker changes are logged at WARN, counted in
 * {@link Metrics} and published on {@code switchboard.events}. A node has several chains, the
 * router's and one per gateway instance, each confined to its own context; the servers' state is the
 * node's ({@link ModelServers}), shared by them all.
 */
public final class ModelChain {

  /** How long a model that refused its credentials or quota stays out of the chain, in milliseconds. */
  public static final long AUTH_DISABLED_MS = 15 * 60_000;
  /** How long a model the server does not have (or has not loaded) stays out, in milliseconds. */
  public static final long MODEL_NOT_FOUND_DISABLED_MS = 2 * 60_000;
  /** A 429 whose Retry-After is at most this is retried once on the same model, in milliseconds. */
  public static final long RATE_LIMIT_RETRY_MAX_MS = 2_000;
  /** Cool-down after a 429 without Retry-After, in milliseconds. */
  public static final long DEFAULT_RATE_LIMIT_COOLDOWN_MS = 10_000;

  private final Vertx vertx;
  private final ModelCatalog catalog;
  private final ContextCompactor compactor;
  private final ChainMetrics metrics;
  private final ModelServers servers;
  private final ModelHealth health;

  /**
   * A chain that compacts as {@code agents.defaults.compaction} says: older turns summarised (by the
   * compaction model, else by the model the conversation must fit), or only the oldest turns dropped
   * when compaction is disabled. It calls the node's {@code servers}, with clients from {@code clients}.
   */
  public ModelChain(Vertx vertx, ModelCatalog catalog, ModelClientFactory clients, ModelServers servers,
                    Metrics metrics) {
    this(vertx, catalog, clients, servers, metrics, ModelChain::configuredCompactor);
  }

  /** A chain alone on its node's servers (tests): as above, with servers of its own. */
  public ModelChain(Vertx vertx, ModelCatalog catalog, ModelClientFactory clients, Metrics metrics) {
    this(vertx, catalog, clients, new ModelServers(vertx), metrics);
  }

  /** A chain with the given compactor, whatever the configuration says, on servers of its own. */
  public ModelChain(Vertx vertx, ModelCatalog catalog, ModelClientFactory clients, Metrics metrics,
                    ContextCompactor compactor) {
    this(vertx, catalog, clients, new ModelServers(vertx), metrics, chain -> compactor);
  }

  private ModelChain(Vertx vertx, ModelCatalog catalog, ModelClientFactory clients, ModelServers servers,
                     Metrics metrics, Function<ModelChain, ContextCompactor> compactor) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.metrics = new ChainMetrics(metrics);
    this.servers = servers;
    this.health = new ModelHealth(clients, servers);
    this.compactor = compactor.apply(this);
  }

  private ContextCompactor configuredCompactor() {
    CompactionConfig compaction = catalog.agent().compaction();
    if (!compaction.enabled()) {
      return new OldestTurnsDropped();
    }
    ResolvedModel summaryModel = compaction.model() == null ? null : catalog.resolve(compaction.model()).orElseThrow();
    return new SummarisingCompactor((request, target) -> summarise(request, summaryModel != null ? summaryModel : target),
        compaction.keepRecentTurns());
  }

  /** A request to the model with the agent's deadline from now. */
  public ModelRequest request(String instructions, List<ChatMessage> messages) {
    return new ModelRequest(instructions, messages,
        System.currentTimeMillis() + catalog.agent().timeoutSeconds() * 1000L);
  }

  /**
   * Runs one turn.
   *
   * @param strictModel the model a user chose, which never falls back; null for the configured chain
   */
  public Future<ChainReply> run(ModelRequest request, ResolvedModel strictModel) {
    return run(request, strictModel, null);
  }

  /**
   * Runs one turn, passing the answer's text to {@code visibleText} piece by piece as the model
   * writes it. Failover stays possible until the first piece is passed on; a model that breaks off
   * after it fails the turn.
   *
   * @param visibleText called on the chain's context, in order; null when only the whole reply matters
   */
  public Future<ChainReply> run(ModelRequest request, ResolvedModel strictModel, VisiblePieces visibleText) {
    List<ResolvedModel> candidates = strictModel == null ? catalog.chain() : List.of(strictModel);
    long started = System.nanoTime();
    return new ChainTurn(vertx, health, compactor, metrics, request, candidates, visibleText).run()
        .recover(failure -> Future.failedFuture(failure instanceof ChainException
            ? failure
            : new ChainException(AskFailure.UNAVAILABLE, "the turn failed: " + failure.getMessage())))
        .onComplete(outcome -> metrics.turn(outcome.succeeded()
            ? ChainMetrics.OK
            : ((ChainException) outcome.cause()).failure().name().toLowerCase(), started));
  }

  /**
   * One stateless request to {@code writer} alone, through its breaker. Its own compaction only drops
   * the oldest turns, so that summarising never recurses.
   */
  private Future<String> summarise(ModelRequest request, ResolvedModel writer) {
    return new ChainTurn(vertx, health, new OldestTurnsDropped(), metrics, request, List.of(writer), null).run()
        .map(ChainReply::text);
  }

  /** The chain's models in order, then any other model a user chose, each with its current state. */
  public List<ModelStatus> status() {
    Map<ModelRef, ResolvedModel> models = new LinkedHashMap<>();
    catalog.chain().forEach(model -> models.put(model.ref(), model));
    health.known().forEach(model -> models.putIfAbsent(model.ref(), model));
    List<ModelStatus> status = new ArrayList<>();
    models.values().forEach(model -> status.add(health.status(model)));
    return status;
  }

  /** One model's current state, whether or not it is in the chain. */
  public ModelStatus status(ResolvedModel model) {
    return health.status(model);
  }

  /** Whether a turn through the configured chain would call at least one model now. */
  public boolean anyAvailable() {
    return catalog.chain().stream().anyMatch(model -> health.status(model).usable());
  }

  /**
   * Applies a model event another node published ({@code type: breaker}): what it learned about a
   * server (its breaker opened, it was disabled, it is cooling down) holds here too.
   */
  public void learn(JsonObject event) {
    Map<String, ResolvedModel> byRef = new LinkedHashMap<>();
    catalog.all().forEach(model -> byRef.put(model.ref().toString(), model));
    servers.learn(event, byRef);
  }
}

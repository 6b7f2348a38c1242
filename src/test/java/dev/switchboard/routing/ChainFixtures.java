package dev.switchboard.routing;

import dev.switchboard.config.AgentDefaults;
import dev.switchboard.config.CompactionConfig;
import dev.switchboard.config.ModelApi;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ModelDefinition;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelRequest;

import dev.switchboard.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Catalogs and requests built directly, as the config loader would produce them. */
final class ChainFixtures {

  static final int MAX_FAILURES = 3;
  static final long RESET_MS = 200;
  static final long AWAIT_SECONDS = 5;
  /** The models of {@link #providersAB()} and {@link #providersABC()}, as chain references. */
  static final String A = "local/a";
  static final String B = "remote/b";
  static final String C = "remote/c";

  private ChainFixtures() {
  }

  static ModelDefinition model(String id) {
    return model(id, ModelDefinition.DEFAULT_CONTEXT_WINDOW, ModelDefinition.DEFAULT_MAX_TOKENS);
  }

  static ModelDefinition model(String id, int contextWindow, int maxTokens) {
    return new ModelDefinition(id, id, false, contextWindow, maxTokens);
  }

  static ProviderConfig provider(String id, ModelDefinition... models) {
    return provider(id, null, MAX_FAILURES, RESET_MS, models);
  }

  static ProviderConfig provider(String id, String unavailableReason, int maxFailures, long resetMs,
                                 ModelDefinition... models) {
    return new ProviderConfig(id, "http://127.0.0.1:1/v1", unavailableReason == null ? "key" : null,
        unavailableReason, ModelApi.OPENAI_RESPONSES, 1000, 5000, 1000, true, Map.of(), false, maxFailures, resetMs,
        ProviderConfig.DEFAULT_MAX_CONNECTIONS, List.of(models));
  }

  /** Provider {@code local} with model {@code a}, and {@code remote} with {@code b}. */
  static List<ProviderConfig> providersAB() {
    return List.of(provider("local", model("a")), provider("remote", model("b")));
  }

  /** Provider {@code local} with model {@code a}, and {@code remote} with {@code b} and {@code c}. */
  static List<ProviderConfig> providersABC() {
    return List.of(provider("local", model("a")), provider("remote", model("b"), model("c")));
  }

  /** A catalog whose chain is {@code primary} then {@code fallbacks}, with a 10 s turn deadline. */
  static ModelCatalog catalog(List<ProviderConfig> providers, String primary, String... fallbacks) {
    return catalogWithPrompt(providers, null, primary, fallbacks);
  }

  /** As {@link #catalog}, with {@code agents.defaults.systemPrompt}; the primary's alias is {@code fast}. */
  static ModelCatalog catalogWithPrompt(List<ProviderConfig> providers, String systemPrompt, String primary,
                              String... fallbacks) {
    return catalog(providers, systemPrompt, new CompactionConfig(true, null, CompactionConfig.DEFAULT_KEEP_RECENT_TURNS),
        primary, fallbacks);
  }

  /** As {@link #catalog}, with {@code agents.defaults.compaction}. */
  static ModelCatalog catalogWithCompaction(List<ProviderConfig> providers, CompactionConfig compaction, String primary,
                                            String... fallbacks) {
    return catalog(providers, null, compaction, primary, fallbacks);
  }

  private static ModelCatalog catalog(List<ProviderConfig> providers, String systemPrompt, CompactionConfig compaction,
                                      String primary, String... fallbacks) {
    Map<String, ProviderConfig> byId = new LinkedHashMap<>();
    providers.forEach(p -> byId.put(p.id(), p));
    AgentDefaults agent = new AgentDefaults(ModelRef.parseOrNull(primary),
        Arrays.stream(fallbacks).map(ModelRef::parseOrNull).toList(),
        Map.of("fast", ModelRef.parseOrNull(primary)), systemPrompt, 10, compaction);
    return new ModelCatalog(byId, agent);
  }

  static ResolvedModel resolved(ModelCatalog catalog, String ref) {
    return catalog.resolve(ModelRef.parseOrNull(ref)).orElseThrow();
  }

  /** Runs a turn that must succeed. */
  static ChainReply answer(ModelChain chain, ModelRequest request, ResolvedModel strictModel) throws TimeoutException {
    return chain.run(request, strictModel).await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  static ChainReply answer(ModelChain chain, ModelRequest request) throws TimeoutException {
    return answer(chain, request, null);
  }

  /** Runs a turn that must fail, and returns why. */
  static ChainException failure(ModelChain chain, ModelRequest request, ResolvedModel strictModel) {
    Future<ChainReply> turn = chain.run(request, strictModel);
    return assertThrows(ChainException.class, () -> turn.await(AWAIT_SECONDS, TimeUnit.SECONDS));
  }

  /** The next event on {@code switchboard.events} that matches; the consumer is registered on return. */
  static Future<JsonObject> nextEvent(Vertx vertx, Predicate<JsonObject> matching) throws TimeoutException {
    Promise<JsonObject> event = Promise.promise();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.EVENTS);
    consumer.handler(message -> {
      if (matching.test(message.body()) && event.tryComplete(message.body())) {
        consumer.unregister();
      }
    });
    consumer.completion().await(AWAIT_SECONDS, TimeUnit.SECONDS);
    return event.future();
  }

  static Predicate<JsonObject> breakerEvent(String ref, ModelStatus.State state) {
    return event -> "breaker".equals(event.getString("type")) && ref.equals(event.getString("model"))
        && state.wireName().equals(event.getString("state"));
  }

  static ModelStatus status(ModelChain chain, String ref) {
    return chain.status().stream().filter(s -> s.model().equals(ref)).findFirst().orElseThrow();
  }

  static ModelRequest request(String text) {
    return requestWithin(text, 5_000);
  }

  static ModelRequest requestWithin(String text, long deadlineMs) {
    return new ModelRequest(null, List.of(ChatMessage.user(text)), System.currentTimeMillis() + deadlineMs);
  }
}

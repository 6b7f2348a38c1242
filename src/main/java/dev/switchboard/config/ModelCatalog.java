package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every provider and model the configuration knows, and the agent's chain resolved against them. */
public final class ModelCatalog {

  private final Map<String, ProviderConfig> providers;
  private final AgentDefaults agent;

  public ModelCatalog(Map<String, ProviderConfig> providers, AgentDefaults agent) {
    this.providers = Map.copyOf(providers);
    this.agent = agent;
  }

  public Collection<ProviderConfig> providers() {
    return providers.values();
  }

  public Optional<ProviderConfig> provider(String id) {
    return Optional.ofNullable(providers.get(id.toLowerCase()));
  }

  public AgentDefaults agent() {
    return agent;
  }

  /** The primary then the fallbacks, each with its provider. */
  public List<ResolvedModel> chain() {
    List<ResolvedModel> chain = new ArrayList<>();
    for (ModelRef ref : agent.chain()) {
      chain.add(resolve(ref).orElseThrow());
    }
    return chain;
  }

  public Optional<ResolvedModel> resolve(ModelRef ref) {
    ProviderConfig provider = providers.get(ref.provider());
    if (provider == null) {
      return Optional.empty();
    }
    return provider.model(ref.model()).map(definition -> new ResolvedModel(ref, provider, definition));
  }

  /**
   * Resolves what a user or client typed: an alias (any case), a {@code provider/model} ref, or a
   * model id that only one provider serves.
   */
  public Optional<ResolvedModel> resolve(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    ModelRef aliased = agent.aliases().get(text.trim().toLowerCase());
    if (aliased != null) {
      return resolve(aliased);
    }
    ModelRef ref = ModelRef.parseOrNull(text.trim());
    if (ref != null) {
      Optional<ResolvedModel> resolved = resolve(ref);
      if (resolved.isPresent()) {
        return resolved;
      }
    }
    List<ResolvedModel> byId = new ArrayList<>();
    for (ProviderConfig provider : providers.values()) {
      provider.model(text.trim()).ifPresent(d -> byId.add(new ResolvedModel(new ModelRef(provider.id(), d.id()), provider, d)));
    }
    return byId.size() == 1 ? Optional.of(byId.get(0)) : Optional.empty();
  }

  /** Every model of every provider, for {@code GET /v1/models}. */
  public List<ResolvedModel> all() {
    List<ResolvedModel> all = new ArrayList<>();
    for (ProviderConfig provider : providers.values()) {
      for (ModelDefinition definition : provider.models()) {
        all.add(new ResolvedModel(new ModelRef(provider.id(), definition.id()), provider, definition));
      }
    }
    return all;
  }
}

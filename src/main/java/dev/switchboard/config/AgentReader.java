package dev.switchboard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Optional;

/**
 * Reads {@code agents.defaults}: the model chain (a string, or {@code {primary, fallbacks}}),
 * aliases, system prompt, turn deadline, compaction and handover. Every ref must name a model some provider
 * serves.
 */
final class AgentReader {

  private static final String[] DEFAULTS_KEYS = {"model", "models", "systemPrompt", "timeoutSeconds", "compaction",
      "handover",
      // OpenClaw keys with no meaning here: accepted so that OpenClaw configs load unchanged.
      "imageModel", "utilityModel", "maxConcurrent", "workspace", "thinkingDefault", "reasoningDefault", "params",
      "typingMode", "sandbox", "modelPolicy"};

  private AgentReader() {
  }

  /**
   * @param resolver  finds a model by ref
   * @param firstModel the model used as primary when the file names none (the first provider's first model)
   */
  static AgentDefaults read(ConfigNode agents, Function<ModelRef, Optional<ResolvedModel>> resolver,
                            ModelRef firstModel) {
    agents.allowOnly("defaults");
    ConfigNode defaults = agents.object("defaults").allowOnly(DEFAULTS_KEYS);

    ModelRef primary = firstModel;
    List<ModelRef> fallbacks = new ArrayList<>();
    Object model = defaults.json().getValue("model");
    if (model instanceof String text) {
      primary = ref(text, defaults.pathOf("model"), resolver);
    } else if (model != null) {
      ConfigNode chain = defaults.object("model").allowOnly("primary", "fallbacks");
      primary = ref(chain.string("primary"), chain.pathOf("primary"), resolver);
      List<String> refs = chain.strings("fallbacks");
      for (int i = 0; i < refs.size(); i++) {
        ModelRef fallback = ref(refs.get(i), chain.pathOf("fallbacks") + "[" + i + "]", resolver);
        if (fallback.equals(primary) || fallbacks.contains(fallback)) {
          throw new ConfigException(chain.pathOf("fallbacks") + "[" + i + "]", fallback + " is already in the chain");
        }
        fallbacks.add(fallback);
      }
    }
    if (primary == null) {
      throw new ConfigException("agents.defaults.model", "is required when no provider lists a model");
    }

    Map<String, ModelRef> aliases = new LinkedHashMap<>();
    ConfigNode models = defaults.object("models");
    for (String key : models.keys()) {
      ConfigNode entry = models.object(key).allowOnly("alias", "params", "agentRuntime");
      if (key.endsWith("/*")) {
        continue;
      }
      ModelRef ref = ref(key, models.pathOf(key), resolver);
      String alias = entry.string("alias", null);
      if (alias != null) {
        ModelRef previous = aliases.putIfAbsent(alias.trim().toLowerCase(), ref);
        if (previous != null && !previous.equals(ref)) {
          throw new ConfigException(entry.pathOf("alias"), "\"" + alias + "\" already names " + previous);
        }
      }
    }

    ConfigNode compaction = defaults.object("compaction").allowOnly("enabled", "model", "keepRecentTurns", "mode");
    String compactionModel = compaction.string("model", null);
    CompactionConfig compactionConfig = new CompactionConfig(compaction.bool("enabled", true),
        compactionModel == null ? null : ref(compactionModel, compaction.pathOf("model"), resolver),
        compaction.integer("keepRecentTurns", CompactionConfig.DEFAULT_KEEP_RECENT_TURNS, 0, 1000));

    return new AgentDefaults(primary, List.copyOf(fallbacks), Map.copyOf(aliases),
        defaults.string("systemPrompt", null),
        defaults.integer("timeoutSeconds", AgentDefaults.DEFAULT_TIMEOUT_SECONDS, 1, 172_800), compactionConfig,
        HandoverConfig.read(defaults.object("handover")));
  }

  private static ModelRef ref(String text, String path, Function<ModelRef, Optional<ResolvedModel>> resolver) {
    ModelRef ref = ModelRef.parseOrNull(text.trim());
    if (ref == null) {
      throw new ConfigException(path, "\"" + text + "\" is not a provider/model ref");
    }
    if (resolver.apply(ref).isEmpty()) {
      throw new ConfigException(path, "unknown model \"" + text + "\": no provider \"" + ref.provider()
          + "\" serving \"" + ref.model() + "\" (add it to models.providers." + ref.provider() + ".models)");
    }
    return ref;
  }
}

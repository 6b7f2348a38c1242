package dev.switchboard.config;

import java.util.List;
import java.util.Map;

/**
 * {@code agents.defaults}: the chain (primary then fallbacks), aliases, the system prompt and the
 * whole-turn deadline.
 *
 * @param aliases        lower-cased alias to model ref
 * @param timeoutSeconds deadline of a whole turn, every attempt included, in seconds
 * @param handover       how a user asks for a person ({@code handover})
 */
public record AgentDefaults(ModelRef primary, List<ModelRef> fallbacks, Map<String, ModelRef> aliases,
                            String systemPrompt, int timeoutSeconds, CompactionConfig compaction,
                            HandoverConfig handover) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 180;

  /** Defaults without a handover section. */
  public AgentDefaults(ModelRef primary, List<ModelRef> fallbacks, Map<String, ModelRef> aliases, String systemPrompt,
                       int timeoutSeconds, CompactionConfig compaction) {
    this(primary, fallbacks, aliases, systemPrompt, timeoutSeconds, compaction, HandoverConfig.DEFAULT);
  }

  /** Primary first, then the fallbacks in order. */
  public List<ModelRef> chain() {
    java.util.ArrayList<ModelRef> chain = new java.util.ArrayList<>();
    chain.add(primary);
    chain.addAll(fallbacks);
    return List.copyOf(chain);
  }
}

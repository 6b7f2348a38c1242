package dev.switchboard.config;

/**
 * One model a provider serves, as OpenClaw's {@code models[]} entries describe it.
 *
 * @param contextWindow tokens the model accepts, prompt and answer together
 * @param maxTokens     tokens the answer may use ({@code max_output_tokens})
 * @param reasoningTags how its text marks reasoning (Switchboard's own key)
 */
public record ModelDefinition(String id, String name, boolean reasoning, int contextWindow, int maxTokens,
                              ReasoningTags reasoningTags) {

  public static final int DEFAULT_CONTEXT_WINDOW = 200_000;
  public static final int DEFAULT_MAX_TOKENS = 8192;

  /** A model that writes its reasoning tags in pairs, if it writes any. */
  public ModelDefinition(String id, String name, boolean reasoning, int contextWindow, int maxTokens) {
    this(id, name, reasoning, contextWindow, maxTokens, ReasoningTags.PAIRED);
  }
}

package dev.switchboard.config;

import java.util.Set;

/**
 * One model a provider serves, as OpenClaw's {@code models[]} entries describe it.
 *
 * @param contextWindow tokens the model accepts, prompt and answer together
 * @param maxTokens     tokens the answer may use ({@code max_output_tokens})
 * @param input         what it reads: {@code "text"}, and {@code "image"} for a vision model
 * @param reasoningTags how its text marks reasoning (Switchboard's own key)
 */
public record ModelDefinition(String id, String name, boolean reasoning, int contextWindow, int maxTokens,
                              Set<String> input, ReasoningTags reasoningTags) {

  public static final int DEFAULT_CONTEXT_WINDOW = 200_000;
  public static final int DEFAULT_MAX_TOKENS = 8192;
  public static final String IMAGE_INPUT = "image";

  public ModelDefinition {
    input = Set.copyOf(input);
  }

  /** A text-only model that writes its reasoning tags in pairs, if it writes any. */
  public ModelDefinition(String id, String name, boolean reasoning, int contextWindow, int maxTokens) {
    this(id, name, reasoning, contextWindow, maxTokens, Set.of("text"), ReasoningTags.PAIRED);
  }

  /** A text-only model whose reasoning tags are written as {@code reasoningTags} says. */
  public ModelDefinition(String id, String name, boolean reasoning, int contextWindow, int maxTokens,
                         ReasoningTags reasoningTags) {
    this(id, name, reasoning, contextWindow, maxTokens, Set.of("text"), reasoningTags);
  }

  /** Whether images can be put in front of it as they are (its {@code input} includes {@code "image"}). */
  public boolean seesImages() {
    return input.contains(IMAGE_INPUT);
  }

  /** The same model, declared able to read images: an entry of {@code tools.media.image.models}. */
  public ModelDefinition seeingImages() {
    if (seesImages()) {
      return this;
    }
    return new ModelDefinition(id, name, reasoning, contextWindow, maxTokens, Set.of("text", IMAGE_INPUT), reasoningTags);
  }
}

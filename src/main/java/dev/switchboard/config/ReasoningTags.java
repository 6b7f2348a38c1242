package dev.switchboard.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model marks its reasoning in the text, a model's {@code reasoningTags} key.
 * {@code paired}: it writes both {@code <think>} and {@code </think>}. {@code orphan-close}: its chat
 * template already opened the tag in the prompt, so the output starts inside the reasoning and only
 * the closing tag appears (LM Studio + MiniMax, DeepSeek-R1 templates).
 */
public enum ReasoningTags {
  PAIRED("paired"),
  ORPHAN_CLOSE("orphan-close");

  private final String configName;

  ReasoningTags(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** Config value to enum, for {@link ConfigNode#oneOf}. */
  public static Map<String, ReasoningTags> byConfigName() {
    Map<String, ReasoningTags> map = new LinkedHashMap<>();
    for (ReasoningTags tags : values()) {
      map.put(tags.configName, tags);
    }
    return map;
  }
}

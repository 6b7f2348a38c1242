package dev.switchboard.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The wire protocol a provider speaks, chosen by its {@code api} key. */
public enum ModelApi {
  OPENAI_RESPONSES("openai-responses"),
  OPENAI_COMPLETIONS("openai-completions"),
  ANTHROPIC_MESSAGES("anthropic-messages");

  private final String configName;

  ModelApi(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** Config value to enum, in declaration order, for {@link ConfigNode#oneOf}. */
  public static Map<String, ModelApi> byConfigName() {
    Map<String, ModelApi> map = new LinkedHashMap<>();
    for (ModelApi api : values()) {
      map.put(api.configName, api);
    }
    return map;
  }
}

package dev.switchboard.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code commands}: who may use the chat commands that change cost or routing ({@code /model}).
 *
 * @param operators     per channel, the platform ids of the people who may choose any model
 * @param allowedModels the canonical refs everyone else may choose; empty: nobody else may choose
 */
public record CommandsConfig(Map<String, Set<String>> operators, Set<ModelRef> allowedModels) {

  public static final CommandsConfig NONE = new CommandsConfig(Map.of(), Set.of());

  public boolean isOperator(String channel, String senderId) {
    return channel != null && senderId != null && operators.getOrDefault(channel, Set.of()).contains(senderId);
  }

  /** Reads {@code commands}; every entry of {@code allowedModels} must resolve in {@code catalog}. */
  static CommandsConfig read(ConfigNode node, ModelCatalog catalog) {
    node.allowOnly("operators", "allowedModels");
    ConfigNode operatorsNode = node.object("operators");
    Map<String, Set<String>> operators = new LinkedHashMap<>();
    for (String channel : operatorsNode.keys()) {
      operators.put(channel, Set.copyOf(operatorsNode.strings(channel)));
    }
    Set<ModelRef> allowed = new LinkedHashSet<>();
    List<String> entries = node.strings("allowedModels");
    for (String entry : entries) {
      ResolvedModel model = catalog.resolve(entry).orElseThrow(() -> new ConfigException(
          node.pathOf("allowedModels"), "\"" + entry + "\" is not a configured model ref or alias"));
      allowed.add(model.ref());
    }
    return new CommandsConfig(Map.copyOf(operators), Set.copyOf(allowed));
  }
}

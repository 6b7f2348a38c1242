package dev.switchboard.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Several config objects read as one, the first that has a key winning: how a provider of the file
 * overrides a built-in provider of the same id field by field. Errors keep the path of the layer the
 * value came from.
 */
final class LayeredNode {

  private final List<ConfigNode> layers;

  LayeredNode(List<ConfigNode> layers) {
    this.layers = List.copyOf(layers);
  }

  static LayeredNode of(ConfigNode... nodes) {
    List<ConfigNode> present = new ArrayList<>();
    for (ConfigNode node : nodes) {
      if (node != null) {
        present.add(node);
      }
    }
    return new LayeredNode(present);
  }

  /** The layer holding {@code key}, else the first (for defaults and error paths). */
  ConfigNode at(String key) {
    for (ConfigNode layer : layers) {
      if (layer.has(key)) {
        return layer;
      }
    }
    return layers.get(0);
  }

  Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    layers.forEach(layer -> keys.addAll(layer.keys()));
    return keys;
  }

  void allowOnly(String... allowed) {
    layers.forEach(layer -> layer.allowOnly(allowed));
  }

  List<ConfigNode> layers() {
    return layers;
  }
}

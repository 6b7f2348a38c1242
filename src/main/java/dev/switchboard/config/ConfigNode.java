package dev.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JSON object of the configuration that knows its own path, so that every error names the exact
 * value at fault ({@code channels.telegram.botToken: …}), and which strings referenced an unset
 * {@code ${VAR}}. Reads are strict: wrong types are errors, never silently defaulted.
 */
public final class ConfigNode {

  private final JsonObject json;
  private final String path;
  private final Map<String, List<String>> unsetVariables;

  public ConfigNode(JsonObject json, String path, Map<String, List<String>> unsetVariables) {
    this.json = json;
    this.path = path;
    this.unsetVariables = unsetVariables;
  }

  /** A node for an already substituted object with no unset variables (tests, built-in values). */
  public static ConfigNode of(JsonObject json) {
    return new ConfigNode(json, "", Map.of());
  }

  public String path() {
    return path;
  }

  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public JsonObject json() {
    return json;
  }

  public Set<String> keys() {
    return json.fieldNames();
  }

  public boolean has(String key) {
    return json.getValue(key) != null;
  }

  public boolean isEmpty() {
    return json.isEmpty();
  }

  /** Rejects any key not listed: typos are caught at start rather than silently ignored. */
  public ConfigNode allowOnly(String... allowed) {
    Set<String> known = new LinkedHashSet<>(Arrays.asList(allowed));
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new ConfigException(pathOf(key), "unknown key (expected one of " + String.join(", ", known) + ")");
      }
    }
    return this;
  }

  public String string(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw new ConfigException(pathOf(key), "is required");
    }
    return value;
  }

  /**
   * The string at {@code key}, or {@code defaultValue} when absent. A value that names a {@code ${VAR}}
   * the environment lacks is an error here, where the value is needed: kept as text, it would become a
   * bind address, a file name or a prompt. Secrets, which may be missing until used, go through
   * {@link #secret(String)}.
   */
  public String string(String key, String defaultValue) {
    String text = text(key, defaultValue);
    refuseUnset(pathOf(key), unsetVariables(key));
    return text;
  }

  private static void refuseUnset(String path, List<String> unset) {
    if (!unset.isEmpty()) {
      throw new ConfigException(path, "uses " + String.join(", ", unset) + ", which the environment does not set");
    }
  }

  private String text(String key, String defaultValue) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof String text)) {
      throw wrongType(key, "a string", value);
    }
    return text;
  }

  /**
   * A value that may come from the environment: empty when absent, blank, or when it names a
   * {@code ${VAR}} that is not set. {@link #unsetVariables(String)} tells which.
   */
  public Optional<String> secret(String key) {
    String value = text(key, null);
    if (value == null || value.isBlank() || !unsetVariables(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** The {@code ${VAR}} names the value at {@code key} referenced but the environment lacks. */
  public List<String> unsetVariables(String key) {
    return unsetVariables.getOrDefault(pathOf(key), List.of());
  }

  /** Why {@link #secret(String)} is empty, phrased for an operator. */
  public String missingReason(String key) {
    List<String> unset = unsetVariables(key);
    return unset.isEmpty() ? pathOf(key) + " is not set" : String.join(", ", unset) + " not set (" + pathOf(key) + ")";
  }

  public boolean bool(String key, boolean defaultValue) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean flag)) {
      throw wrongType(key, "true or false", value);
    }
    return flag;
  }

  public long number(String key, long defaultValue, long min, long max) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw wrongType(key, "a whole number", value);
    }
    long result = number.longValue();
    if (result < min || result > max) {
      throw new ConfigException(pathOf(key), result + " is out of range [" + min + ", " + max + "]");
    }
    return result;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    return (int) number(key, defaultValue, min, max);
  }


  /** One of a closed set of string values; the error lists them. */
  public <E> E oneOf(String key, Map<String, E> values, E defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    E result = values.get(value);
    if (result == null) {
      throw new ConfigException(pathOf(key),
          "\"" + value + "\" is not one of " + String.join(", ", values.keySet()));
    }
    return result;
  }

  /** The nested object at {@code key}, or an empty one when absent. */
  public ConfigNode object(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return new ConfigNode(new JsonObject(), pathOf(key), unsetVariables);
    }
    if (!(value instanceof JsonObject child)) {
      throw wrongType(key, "an object", value);
    }
    return new ConfigNode(child, pathOf(key), unsetVariables);
  }

  /** The objects of the array at {@code key}, each with its indexed path. */
  public List<ConfigNode> objects(String key) {
    JsonArray array = array(key);
    List<ConfigNode> nodes = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String itemPath = pathOf(key) + "[" + i + "]";
      if (!(item instanceof JsonObject child)) {
        throw new ConfigException(itemPath, "must be an object, not " + describe(item));
      }
      nodes.add(new ConfigNode(child, itemPath, unsetVariables));
    }
    return nodes;
  }

  public List<String> strings(String key) {
    JsonArray array = array(key);
    List<String> strings = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String path = pathOf(key) + "[" + i + "]";
      if (!(item instanceof String text)) {
        throw new ConfigException(path, "must be a string, not " + describe(item));
      }
      refuseUnset(path, unsetVariables.getOrDefault(path, List.of()));
      strings.add(text);
    }
    return Collections.unmodifiableList(strings);
  }

  /** String values of an object, e.g. HTTP headers. */
  public Map<String, String> stringMap(String key) {
    ConfigNode node = object(key);
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : node.keys()) {
      map.put(name, node.string(name));
    }
    return Collections.unmodifiableMap(map);
  }

  private JsonArray array(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array)) {
      throw wrongType(key, "an array", value);
    }
    return array;
  }

  private ConfigException wrongType(String key, String expected, Object actual) {
    return new ConfigException(pathOf(key), "must be " + expected + ", not " + describe(actual));
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      return "the string \"" + text + "\"";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    return value.toString();
  }

  @Override
  public String toString() {
    return path + "=" + json.fieldNames().stream().collect(Collectors.joining(",", "{", "}"));
  }
}

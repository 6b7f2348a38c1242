package dev.switchboard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} with the environment's value in every string of a parsed config tree,
 * as OpenClaw does: upper-case names only, {@code $${VAR}} for a literal; {@code ${VAR:-default}} (a
 * shell-style default, an extension) for values such as the bind address. A variable that is unset
 * or empty is left in place and recorded under the string's JSON path, so that only the part of the
 * bridge that needs the value fails, with the variable's name.
 */
final class EnvSubstitution {

  private static final Pattern REFERENCE = Pattern.compile("\\$?\\$\\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> environment;
  private final Map<String, List<String>> unset = new LinkedHashMap<>();

  EnvSubstitution(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The unset variables found so far, by JSON path. */
  Map<String, List<String>> unsetVariables() {
    return unset;
  }

  Object apply(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, child) -> copy.put((String) key, apply(child, path.isEmpty() ? (String) key : path + "." + key)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(apply(list.get(i), path + "[" + i + "]"));
      }
      return copy;
    }
    if (value instanceof String text && text.indexOf('$') >= 0) {
      return substitute(text, path);
    }
    return value;
  }

  private String substitute(String text, String path) {
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement;
      String fallback = matcher.group(2);
      if (matcher.group().startsWith("$$")) {
        replacement = matcher.group().substring(1);
      } else {
        String env = environment.get(name);
        if ((env == null || env.isEmpty()) && fallback != null) {
          replacement = fallback;
        } else if (env == null || env.isEmpty()) {
          unset.computeIfAbsent(path, p -> new ArrayList<>()).add(name);
          replacement = matcher.group();
        } else {
          replacement = env;
        }
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}

package dev.switchboard.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Reads JSON5 — comments, unquoted keys, single quotes, trailing commas, {@code +1}, {@code .5},
 * {@code Infinity} — with Jackson, then substitutes {@code ${VAR}} references.
 */
final class Json5Reader {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
          JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA,
          JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS, JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
          JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
          JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Json5Reader() {
  }

  /**
   * Parses {@code text} (named {@code source} in errors) into a node whose strings have their
   * variables substituted; {@code rootPath} prefixes every JSON path reported.
   */
  static ConfigNode read(String source, String text, Map<String, String> environment, String rootPath) {
    Object tree;
    try {
      tree = MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ConfigException("", source + where + ": " + e.getOriginalMessage());
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw new ConfigException("", source + ": the configuration must be a JSON5 object");
    }
    EnvSubstitution substitution = new EnvSubstitution(environment);
    @SuppressWarnings("unchecked")
    Map<String, Object> substituted = (Map<String, Object>) substitution.apply(tree, rootPath);
    return new ConfigNode(new JsonObject(substituted), rootPath, substitution.unsetVariables());
  }
}

package dev.switchboard.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads JSON5 — comments, unquoted keys, single quotes, trailing commas, {@code +1}, {@code .5},
 * {@code Infinity} — with Jackson's streaming parser, then substitutes {@code ${VAR}} references.
 *
 * <p>The tree is built from the parser's tokens rather than by jackson-databind's {@code ObjectMapper}:
 * initialising the mapper and its deserializers was about a sixth of the bridge's start, on the main
 * thread, for a file of a few dozen keys (DESIGN.md §12).
 */
final class Json5Reader {

  private static final Pattern OPENED_AT = Pattern.compile(
      " \\(start marker at \\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]\\)");

  private static final JsonFactory JSON5 = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
          JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA,
          JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS, JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
          JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
          JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Json5Reader() {
  }

  /**
   * Parses {@code text} (named {@code source} in errors) into a node whose strings have their
   * variables substituted; {@code rootPath} prefixes every JSON path reported.
   */
  static ConfigNode read(String source, String text, Map<String, String> environment, String rootPath) {
    Object tree;
    try (JsonParser parser = JSON5.createParser(text)) {
      tree = parser.nextToken() == null ? null : value(parser);
      if (tree != null && parser.nextToken() != null) {
        throw new JsonParseException(parser, "unexpected content after the configuration's closing brace");
      }
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ConfigException("", source + where + ": " + readable(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw new ConfigException("", source + ": the configuration must be a JSON5 object");
    }
    EnvSubstitution substitution = new EnvSubstitution(environment);
    @SuppressWarnings("unchecked")
    Map<String, Object> substituted = (Map<String, Object>) substitution.apply(tree, rootPath);
    return new ConfigNode(new JsonObject(substituted), rootPath, substitution.unsetVariables());
  }

  /**
   * Jackson's message without its notes for programmers: where an unclosed object or array started is
   * given as "[Source: REDACTED (`StreamReadFeature…` disabled); line: 1, column: 12]".
   */
  static String readable(String message) {
    return OPENED_AT.matcher(message).replaceAll(" (opened at line $1, column $2)");
  }

  /** The value starting at the parser's current token: maps keep the file's key order. */
  private static Object value(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          parser.nextToken();
          object.put(key, value(parser));
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        yield array;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(parser, "unexpected " + parser.currentToken());
    };
  }
}

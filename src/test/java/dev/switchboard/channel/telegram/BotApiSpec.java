package dev.switchboard.channel.telegram;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The official Bot API description ({@code ../shared/reference/telegram-bot-api.json}) as a checker:
 * a method's body or a type's object must use only known fields, carry the required ones, and give
 * each the documented type (recursively, arrays and unions included).
 */
final class BotApiSpec {

  static final Path LOCATION = Path.of("..", "shared", "reference", "telegram-bot-api.json");

  private final JsonObject methods;
  private final JsonObject types;

  private BotApiSpec(JsonObject spec) {
    this.methods = spec.getJsonObject("methods");
    this.types = spec.getJsonObject("types");
  }

  /** The spec, or the test is skipped (not failed) with the reason when the reference file is absent. */
  static BotApiSpec loadOrSkip() {
    Assumptions.assumeTrue(Files.isRegularFile(LOCATION),
        "Bot API spec not found at " + LOCATION.toAbsolutePath().normalize() + ": conformance check skipped");
    try {
      return new BotApiSpec(new JsonObject(Files.readString(LOCATION)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + LOCATION, e);
    }
  }

  /** The spec when the reference file is there; callers that cannot skip check quietly only then. */
  static Optional<BotApiSpec> loadIfPresent() {
    return Files.isRegularFile(LOCATION) ? Optional.of(loadOrSkip()) : Optional.empty();
  }

  /** What is wrong with a request body for {@code method}; empty when it conforms. */
  List<String> violationsOfMethod(String method, JsonObject body) {
    JsonObject spec = methods.getJsonObject(method);
    if (spec == null) {
      return List.of("unknown method " + method);
    }
    List<String> violations = new ArrayList<>();
    checkFields(method, spec.getJsonArray("fields", new JsonArray()), body, violations);
    return violations;
  }

  /** What is wrong with an object claimed to be of Bot API type {@code type}. */
  List<String> violationsOfType(String type, JsonObject object) {
    List<String> violations = new ArrayList<>();
    checkType(type, type, object, violations);
    return violations;
  }

  private void checkFields(String path, JsonArray fields, JsonObject object, List<String> violations) {
    Set<String> known = fields.stream().map(field -> ((JsonObject) field).getString("name")).collect(Collectors.toSet());
    for (String name : object.fieldNames()) {
      if (!known.contains(name)) {
        violations.add(path + "." + name + ": not a field of the Bot API");
      }
    }
    for (Object item : fields) {
      JsonObject field = (JsonObject) item;
      String name = field.getString("name");
      Object value = object.getValue(name);
      if (value == null) {
        if (field.getBoolean("required", false)) {
          violations.add(path + "." + name + ": required");
        }
        continue;
      }
      List<String> accepted = field.getJsonArray("types").stream().map(String.class::cast).toList();
      if (accepted.stream().noneMatch(type -> conforms(path + "." + name, type, value, new ArrayList<>()))) {
        List<String> why = new ArrayList<>();
        conforms(path + "." + name, accepted.get(0), value, why);
        violations.add(path + "." + name + ": expected " + String.join(" or ", accepted) + ", got " + value
            + (why.isEmpty() ? "" : " " + why));
      }
    }
  }

  private boolean conforms(String path, String type, Object value, List<String> violations) {
    if (type.startsWith("Array of ")) {
      if (!(value instanceof JsonArray array)) {
        return false;
      }
      String itemType = type.substring("Array of ".length());
      for (int i = 0; i < array.size(); i++) {
        if (!conforms(path + "[" + i + "]", itemType, array.getValue(i), violations)) {
          return false;
        }
      }
      return true;
    }
    return switch (type) {
      case "Integer" -> value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue());
      case "Float" -> value instanceof Number;
      case "String" -> value instanceof String;
      case "Boolean" -> value instanceof Boolean;
      case "True" -> Boolean.TRUE.equals(value);
      default -> value instanceof JsonObject object && checkType(path, type, object, violations);
    };
  }

  private boolean checkType(String path, String type, JsonObject object, List<String> violations) {
    JsonObject spec = types.getJsonObject(type);
    if (spec == null) {
      violations.add(path + ": unknown type " + type);
      return false;
    }
    JsonArray subtypes = spec.getJsonArray("subtypes");
    if (subtypes != null) {
      return subtypes.stream().anyMatch(subtype -> checkType(path, (String) subtype, object, new ArrayList<>()));
    }
    int before = violations.size();
    checkFields(path, spec.getJsonArray("fields", new JsonArray()), object, violations);
    return violations.size() == before;
  }
}

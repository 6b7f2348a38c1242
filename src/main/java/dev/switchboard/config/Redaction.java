package dev.switchboard.config;

import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Renders a record for logs and error messages with its secrets masked: components named like a
 * token, secret, password or API key show {@code ***} (or {@code null} when unset), and a
 * {@code headers} map keeps its names but not its values (an {@code Authorization} header is a key).
 * Records holding secrets use it as their {@code toString}, so a field added later is masked by its name.
 */
public final class Redaction {

  static final String MASK = "***";

  private Redaction() {
  }

  public static String render(Record record) {
    StringJoiner fields = new StringJoiner(", ", record.getClass().getSimpleName() + "[", "]");
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      fields.add(component.getName() + "=" + shown(component, value(record, component)));
    }
    return fields.toString();
  }

  /** Whether a component of this name holds a secret. */
  static boolean isSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("token") || lower.contains("secret") || lower.contains("password")
        || lower.endsWith("apikey");
  }

  private static Object shown(RecordComponent component, Object value) {
    if (value == null) {
      return null;
    }
    if (isSecret(component.getName())) {
      return MASK;
    }
    if (component.getName().equalsIgnoreCase("headers") && value instanceof Map<?, ?> headers) {
      return headers.keySet().stream().map(name -> name + "=" + MASK).collect(Collectors.joining(", ", "{", "}"));
    }
    return value;
  }

  private static Object value(Record record, RecordComponent component) {
    try {
      component.getAccessor().setAccessible(true);
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      return "?";
    }
  }
}

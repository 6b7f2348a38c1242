package dev.switchboard.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * A WhatsApp template message: an approved template's {@code name}, its {@code language} code and,
 * when it has variables, Meta's {@code components} array ({@code [{type:"body", parameters:[{type:"text",
 * text:"Ann"}]}]}) passed on as given.
 */
public record SendTemplate(String name, String language, JsonArray components) {

  /** Meta's rule for template names: lower-case letters, digits and underscores. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(_[A-Za-z0-9]{2,4})?");

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("language", language);
    if (components != null) {
      json.put("components", components.copy());
    }
    return json;
  }

  /** Reads {@code {name, language, components?}}; {@code language} may also be Meta's {@code {code}} object. */
  public static SendTemplate fromJson(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw refused("template must be an object {name, language, components?}");
    }
    if (!(json.getValue("name") instanceof String name) || !NAME.matcher(name).matches()) {
      throw refused("template.name must be the template's name: lower-case letters, digits and underscores");
    }
    Object language = json.getValue("language") instanceof JsonObject object ? object.getValue("code")
        : json.getValue("language");
    if (!(language instanceof String code) || !LANGUAGE.matcher(code).matches()) {
      throw refused("template.language must be a language code such as \"en_US\"");
    }
    Object components = json.getValue("components");
    if (components != null && !(components instanceof JsonArray)) {
      throw refused("template.components must be an array");
    }
    if (components instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof JsonObject component) || !(component.getValue("type") instanceof String)) {
          throw refused("template.components[" + i + "] must be an object with a type");
        }
      }
    }
    return new SendTemplate(name, code, (JsonArray) components);
  }

  /** The {@code template} object of a Graph API message send. */
  public JsonObject toGraph() {
    JsonObject template = new JsonObject().put("name", name)
        .put("language", new JsonObject().put("code", language).put("policy", "deterministic"));
    if (components != null && !components.isEmpty()) {
      template.put("components", components.copy());
    }
    return template;
  }

  private static RefusedRequest refused(String message) {
    return new RefusedRequest(Refusal.BAD_TEMPLATE, message);
  }
}

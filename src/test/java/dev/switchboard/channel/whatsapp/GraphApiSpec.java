package dev.switchboard.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Meta's OpenAPI spec of the WhatsApp Business Messaging API (v23.0), read from
 * {@code ../shared/reference/} when present, to validate what the bridge sends.
 *
 * <p>The spec's own {@code Message}/{@code TextMessage} schemas cannot be used as a whole: their
 * {@code allOf} puts {@code additionalProperties: false} beside a branch that declares only
 * {@code type} and {@code text}, so they reject every real body, Meta's examples included. A text
 * send is therefore checked in two parts: the envelope against {@code BaseMessageProperties} and the
 * {@code text} object against {@code TextMessage_1} (which carries {@code maxLength: 4096}); a read
 * receipt against {@code MarkMessageRequestPayload}; a template send against {@code TemplateMessage}.
 */
final class GraphApiSpec {

  static final Path LOCATION = Path.of("..", "shared", "reference", "whatsapp-business-messaging-openapi-v23.yaml");

  /** JSON Schema 2020-12, plus the OpenAPI words that carry no constraint (so they are not reported as unknown). */
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
      builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
          .keywords(List.of(new NonValidationKeyword("components"), new NonValidationKeyword("example"),
              new NonValidationKeyword("discriminator")))
          .build()));

  private final JsonSchema envelope;
  private final JsonSchema text;
  private final JsonSchema readReceipt;
  private final JsonSchema templateMessage;

  private GraphApiSpec(JsonNode spec) {
    envelope = schema(spec, "BaseMessageProperties");
    text = schema(spec, "TextMessage_1");
    readReceipt = schema(spec, "MarkMessageRequestPayload");
    templateMessage = schema(spec, "TemplateMessage");
  }

  /** The spec, or empty when the reference folder is not beside the project; parsed once per test run. */
  static Optional<GraphApiSpec> load() {
    return Loaded.SPEC;
  }

  /** Holder idiom: the 1 MB YAML is parsed on first use only. */
  private static final class Loaded {
    static final Optional<GraphApiSpec> SPEC = read();

    private static Optional<GraphApiSpec> read() {
      if (!Files.isRegularFile(LOCATION)) {
        return Optional.empty();
      }
      try {
        return Optional.of(new GraphApiSpec(new ObjectMapper(new YAMLFactory()).readTree(LOCATION.toFile())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Violations of whatever the bridge sent: a text message or a read receipt. */
  List<String> requestViolations(JsonObject body) {
    if ("template".equals(body.getString("type"))) {
      return templateMessageViolations(body);
    }
    return "read".equals(body.getString("status")) ? readReceiptViolations(body) : textMessageViolations(body);
  }

  /** Violations of a text send body; empty when it conforms. */
  List<String> textMessageViolations(JsonObject body) {
    List<String> violations = new ArrayList<>(violations(envelope, body));
    JsonObject textPart = body.getJsonObject("text");
    if (textPart == null) {
      violations.add("$.text: missing");
    } else {
      violations.addAll(violations(text, textPart));
    }
    return violations;
  }

  /** Violations of a template send; {@code TemplateMessage} is usable whole (no stray additionalProperties). */
  List<String> templateMessageViolations(JsonObject body) {
    return violations(templateMessage, body);
  }

  List<String> readReceiptViolations(JsonObject body) {
    return violations(readReceipt, body);
  }

  private static List<String> violations(JsonSchema schema, JsonObject body) {
    try {
      JsonNode node = new ObjectMapper().readTree(body.encode());
      return schema.validate(node).stream().map(ValidationMessage::getMessage).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A schema that is a {@code $ref} to one component, with the spec's components beside it to resolve refs. */
  private static JsonSchema schema(JsonNode spec, String component) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$ref", "#/components/schemas/" + component);
    root.set("components", spec.get("components"));
    return FACTORY.getSchema(root);
  }
}

package dev.switchboard.channel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenAI's official {@code Response} and {@code ResponseStreamEvent} schemas, when the shared
 * reference folder is beside the project; without it the shape checks of the tests still run.
 */
final class ResponseSchema {

  private static final Path REFERENCE = Path.of("../shared/reference");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JsonSchema response;
  private static JsonSchema streamEvent;

  private ResponseSchema() {
  }

  static void assertValidResponse(JsonObject body) {
    assertValid(schema("openai-response.schema.json", true), body);
  }

  static void assertValidStreamEvent(JsonObject event) {
    assertValid(schema("openai-response-stream-event.schema.json", false), event);
  }

  private static synchronized JsonSchema schema(String file, boolean isResponse) {
    Path path = REFERENCE.resolve(file);
    if (!Files.exists(path)) {
      System.err.println("ResponseSchema: " + path + " is absent; official schema validation skipped");
      return null;
    }
    if (isResponse && response == null || !isResponse && streamEvent == null) {
      try {
        JsonSchema loaded = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(MAPPER.readTree(path.toFile()));
        if (isResponse) {
          response = loaded;
        } else {
          streamEvent = loaded;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return isResponse ? response : streamEvent;
  }

  private static void assertValid(JsonSchema schema, JsonObject json) {
    if (schema == null) {
      return;
    }
    try {
      JsonNode node = MAPPER.readTree(json.encode());
      Set<ValidationMessage> errors = schema.validate(node);
      // A union's failure lists every branch; the first few lines are enough to see what broke.
      assertTrue(errors.isEmpty(), () -> "not valid against the official schema: "
          + errors.toString().substring(0, Math.min(600, errors.toString().length())) + "\n" + json.encodePrettily());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.switchboard.model;

import dev.switchboard.bus.ImageInput;
import dev.switchboard.bus.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.switchboard.config.ModelApi;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.fakes.FakeModelRequest;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every body the Responses adapter sends validates against OpenAI's own {@code CreateResponse}
 * schema (DESIGN.md §4), plus the strict rules the schema does not enforce.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ResponsesConformanceTest {

  private static final Path SCHEMA = Path.of("..", "shared", "reference", "openai-create-response.schema.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonSchema schema;
  private static FakeModelServer fake;
  private static ModelClients clients;

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(SCHEMA),
        "skipped: the OpenAI CreateResponse schema is not at " + SCHEMA.toAbsolutePath().normalize());
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    fake = FakeModelServer.start(vertx).await();
    clients = new ModelClients(vertx);
  }

  @AfterAll
  static void stop() {
    if (fake != null) {
      clients.close().await();
      fake.close().await();
    }
  }

  @Test
  void everyRequestBodyValidatesAgainstTheOfficialSchema() throws IOException {
    long deadline = System.currentTimeMillis() + 10_000;
    List<ModelRequest> requests = List.of(
        new ModelRequest(null, List.of(ChatMessage.user("Hi")), deadline),
        new ModelRequest("You are a helpful assistant.", List.of(ChatMessage.user("Hi"),
            ChatMessage.assistant("Hello! How can I help?"), ChatMessage.user("Tell me a joke \"quoted\" ☕")), deadline),
        new ModelRequest("  ", List.of(ChatMessage.assistant("Summary of earlier turns."), ChatMessage.user("Go on")), deadline));
    for (boolean stream : new boolean[] {true, false}) {
      ModelClient client = clients.create(TestModels.model(ModelApi.OPENAI_RESPONSES, fake.baseUrl(), stream));
      for (ModelRequest request : requests) {
        client.generate(request).await();
      }
    }
    List<FakeModelRequest> sent = fake.requests();
    assertEquals(6, sent.size());
    for (FakeModelRequest request : sent) {
      assertEquals("/v1/responses", request.path());
      Set<ValidationMessage> errors = schema.validate(JSON.readTree(request.body().encode()));
      assertEquals(Set.of(), errors, () -> "schema errors for " + request.body().encodePrettily());
      assertStrictRules(request.body());
    }
  }

  @Test
  void aBodyWithAnImageValidatesAgainstTheOfficialSchema() throws IOException {
    ResolvedModel text = TestModels.model(ModelApi.OPENAI_RESPONSES, fake.baseUrl(), false);
    ResolvedModel vision = new ResolvedModel(text.ref(), text.provider(), text.definition().seeingImages());
    ImageInput image = new ImageInput("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, null);
    JsonObject body = new JsonObject(new ResponsesClient(vision, null).body(new ModelRequest(null,
        List.of(ChatMessage.user("[Image] User text: what is it?", List.of(image))), System.currentTimeMillis()), false));

    assertEquals(Set.of(), schema.validate(JSON.readTree(body.encode())), body::encodePrettily);
    JsonObject part = body.getJsonArray("input").getJsonObject(0).getJsonArray("content").getJsonObject(1);
    assertEquals(new JsonObject().put("type", "input_image").put("image_url", "data:image/png;base64,iVBORw==")
        .put("detail", "auto"), part);
  }

  @Test
  void theSchemaCatchesAnInvalidBody() throws IOException {
    JsonNode invalid = JSON.readTree("{\"model\":\"m\",\"input\":[],\"max_output_tokens\":\"many\"}");
    assertNotEquals(Set.of(), schema.validate(invalid));
  }

  /** What the schema lets through but the bridge must never send. */
  private static void assertStrictRules(JsonObject body) {
    assertTrue(body.getString("model") != null && !body.getString("model").isBlank(), "model is present");
    assertEquals(false, body.getValue("store"), "store is false");
    assertFalse(body.containsKey("previous_response_id"), "no server-side state");
    assertFalse(body.containsKey("conversation"), "no server-side state");
    assertTrue(body.getInteger("max_output_tokens") >= 16, "max_output_tokens is at least 16");
    if (body.containsKey("instructions")) {
      assertFalse(body.getString("instructions").isBlank(), "no blank instructions");
    }
    JsonArray input = body.getJsonArray("input");
    assertFalse(input.isEmpty(), "input is not empty");
    for (Object item : input) {
      JsonObject message = (JsonObject) item;
      if ("assistant".equals(message.getString("role"))) {
        assertTrue(message.getValue("content") instanceof String, "assistant content is a string, never input_text");
      } else {
        assertEquals("user", message.getString("role"));
        for (Object part : message.getJsonArray("content")) {
          assertEquals("input_text", ((JsonObject) part).getString("type"));
        }
      }
    }
  }
}

package dev.switchboard.channel.http;

import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.app.Gateway;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskFailure;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.Usage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAI-compatible HTTP surface against a fake router on the bus: request parsing, auth, the
 * official response shapes and the error mapping. Chain behaviour is tested with the router itself.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class OpenAiApiTest {

  private static final String TOKEN = "s3cret";
  private static final ModelCatalog CATALOG = ConfigLoader.parse("test", """
      { agents: { defaults: { models: { "local/qwen": { alias: "Qwen" } } } },
        models: { mode: "replace", providers: { local: { baseUrl: "http://127.0.0.1:9/v1",
          models: [{ id: "qwen" }] } } } }""", Map.of()).models();

  private final List<AskRequest> asked = new ArrayList<>();
  private WebClient client;
  private int port;
  /** What the fake router does with the next ask. */
  private io.vertx.core.Handler<io.vertx.core.eventbus.Message<JsonObject>> router;

  @BeforeEach
  void start(Vertx vertx) {
    router = message -> message.reply(new AskReply("Hello there", "local/qwen", null, new Usage(12, 3)).toJson());
    vertx.eventBus().<JsonObject>consumer(Addresses.ASK, message -> {
      asked.add(AskRequest.fromJson(message.body()));
      router.handle(message);
    });
    WebhookRoutes webhooks = new WebhookRoutes();
    Gateway gateway = new Gateway(vertx, new GatewayConfig("127.0.0.1", 0, 4096), webhooks);
    new OpenAiApi(vertx, new HttpApiOptions(true, TOKEN), false, CATALOG, 5_000).mount(gateway.router());
    port = gateway.listen().await().actualPort();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  private HttpResponse<Buffer> post(String path, String body) {
    return client.request(HttpMethod.POST, path).bearerTokenAuthentication(TOKEN)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
  }

  @Test
  void aResponsesRequestBecomesOneAskWithTheWholeConversation() {
    HttpResponse<Buffer> response = post("/v1/responses", new JsonObject().put("model", "qwen")
        .put("instructions", "Be brief.")
        .put("input", new JsonArray()
            .add(new JsonObject().put("role", "system").put("content", "Answer in English."))
            .add(new JsonObject().put("role", "user").put("content", new JsonArray()
                .add(new JsonObject().put("type", "input_text").put("text", "Hi")))
            ).add(new JsonObject().put("type", "reasoning").put("id", "rs_1").put("summary", new JsonArray()))
            .add(new JsonObject().put("role", "assistant").put("content", "Hello!"))
            .add(new JsonObject().put("role", "user").put("content", "How are you?"))).encode());

    assertEquals(200, response.statusCode());
    AskRequest ask = asked.get(0);
    assertEquals("qwen", ask.model());
    assertEquals("Be brief.\n\nAnswer in English.", ask.instructions());
    assertEquals(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello!"), ChatMessage.user("How are you?")),
        ask.messages());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("response", body.getString("object"));
    assertEquals("completed", body.getString("status"));
    assertEquals("local/qwen", body.getString("model"));
    JsonObject message = body.getJsonArray("output").getJsonObject(0);
    assertEquals("message", message.getString("type"));
    assertEquals("Hello there", message.getJsonArray("content").getJsonObject(0).getString("text"));
    assertEquals(15, body.getJsonObject("usage").getInteger("total_tokens"));
    ResponseSchema.assertValidResponse(body);
  }

  @Test
  void theChainModelNameMeansNoSpecificModel() {
    post("/v1/responses", "{\"model\":\"switchboard\",\"input\":\"Hi\"}");
    post("/v1/responses", "{\"input\":\"Hi\"}");
    assertNull(asked.get(0).model());
    assertNull(asked.get(1).model());
  }

  @Test
  void aStreamedResponseCarriesTheFinalTextAndEndsCompleted() {
    HttpResponse<Buffer> response = post("/v1/responses", "{\"input\":\"Hi\",\"stream\":true}");
    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("text/event-stream"));
    List<JsonObject> events = new ArrayList<>();
    for (String block : response.bodyAsString().split("\n\n")) {
      String data = block.lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring(6);
      events.add(new JsonObject(data));
    }
    assertEquals("response.created", events.get(0).getString("type"));
    assertEquals("Hello there", events.stream().filter(e -> e.getString("type").equals("response.output_text.delta"))
        .findFirst().orElseThrow().getString("delta"));
    JsonObject last = events.get(events.size() - 1);
    assertEquals("response.completed", last.getString("type"));
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i, events.get(i).getInteger("sequence_number"));
      ResponseSchema.assertValidStreamEvent(events.get(i));
    }
  }

  @Test
  void chatCompletionsAnswerInTheirOwnShape() {
    HttpResponse<Buffer> response = post("/v1/chat/completions", """
        {"model":"Qwen","messages":[{"role":"system","content":"Be brief."},
          {"role":"user","content":[{"type":"text","text":"Hi"}]}]}""");
    assertEquals(200, response.statusCode());
    assertEquals("Be brief.", asked.get(0).instructions());
    assertEquals(List.of(ChatMessage.user("Hi")), asked.get(0).messages());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("chat.completion", body.getString("object"));
    JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
    assertEquals("Hello there", choice.getJsonObject("message").getString("content"));
    assertEquals("stop", choice.getString("finish_reason"));
    assertEquals(12, body.getJsonObject("usage").getInteger("prompt_tokens"));
  }

  @Test
  void streamedChatCompletionsEndWithDone() {
    String body = post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}")
        .bodyAsString();
    assertTrue(body.contains("\"content\":\"Hello there\""), body);
    assertTrue(body.endsWith("data: [DONE]\n\n"), body);
  }

  @Test
  void aFallbackIsVisibleInAHeader() {
    router = message -> message.reply(new AskReply("ok", "anthropic/claude-sonnet-4-5", "local/qwen", Usage.NONE).toJson());
    HttpResponse<Buffer> response = post("/v1/responses", "{\"input\":\"Hi\"}");
    assertEquals("local/qwen", response.getHeader("X-Switchboard-Fallback-From"));
    assertEquals("anthropic/claude-sonnet-4-5", response.bodyAsJsonObject().getString("model"));
  }

  @Test
  void aMissingOrWrongTokenIs401() {
    HttpResponse<Buffer> none = client.post("/v1/responses").sendJsonObject(new JsonObject().put("input", "Hi")).await();
    HttpResponse<Buffer> wrong = client.post("/v1/responses").bearerTokenAuthentication("nope")
        .sendJsonObject(new JsonObject().put("input", "Hi")).await();
    assertEquals(401, none.statusCode());
    assertEquals(401, wrong.statusCode());
    assertEquals("invalid_api_key", wrong.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertTrue(asked.isEmpty());
  }

  @Test
  void aStreamFlagThatIsNotABooleanIs400BeforeAnyModelRuns() {
    for (String stream : List.of("\"yes\"", "1")) {
      HttpResponse<Buffer> response = post("/v1/responses", "{\"input\":\"Hi\",\"stream\":" + stream + "}");
      assertEquals(400, response.statusCode(), stream);
      assertEquals("stream", response.bodyAsJsonObject().getJsonObject("error").getString("param"));
      assertEquals(400, post("/v1/chat/completions",
          "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":" + stream + "}").statusCode());
    }
    assertTrue(asked.isEmpty());
  }

  @Test
  void aNullStreamFlagMeansNotStreamed() {
    HttpResponse<Buffer> response = post("/v1/responses", "{\"input\":\"Hi\",\"stream\":null}");
    assertEquals(200, response.statusCode());
    assertEquals("response", response.bodyAsJsonObject().getString("object"));
  }

  @Test
  void withoutATokenOnlyLocalProgramsAreServedNotRequestsRelayedByAProxy(Vertx vertx) {
    WebhookRoutes webhooks = new WebhookRoutes();
    Gateway gateway = new Gateway(vertx, new GatewayConfig("127.0.0.1", 0, 4096), webhooks);
    new OpenAiApi(vertx, new HttpApiOptions(true, null), true, CATALOG, 5_000).mount(gateway.router());
    int open = gateway.listen().await().actualPort();
    JsonObject body = new JsonObject().put("input", "Hi");
    assertEquals(200, client.post(open, "127.0.0.1", "/v1/responses").sendJsonObject(body).await().statusCode());
    assertEquals(401, client.post(open, "127.0.0.1", "/v1/responses").putHeader("X-Forwarded-For", "203.0.113.9")
        .sendJsonObject(body).await().statusCode());
    assertEquals(401, client.post(open, "127.0.0.1", "/v1/responses").putHeader("Forwarded", "for=203.0.113.9")
        .sendJsonObject(body).await().statusCode());

    Gateway exposed = new Gateway(vertx, new GatewayConfig("127.0.0.1", 0, 4096), webhooks);
    new OpenAiApi(vertx, new HttpApiOptions(true, null), false, CATALOG, 5_000).mount(exposed.router());
    int port = exposed.listen().await().actualPort();
    assertEquals(401, client.post(port, "127.0.0.1", "/v1/responses").sendJsonObject(body).await().statusCode());
  }

  @Test
  void badJsonIs400InOpenAiShape() {
    HttpResponse<Buffer> response = post("/v1/responses", "{\"input\": ");
    assertEquals(400, response.statusCode());
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals("invalid_request_error", error.getString("type"));
    assertEquals("the body is not valid JSON", error.getString("message"));
    assertTrue(asked.isEmpty());
  }

  @Test
  void unusableRequestsAre400WithTheParameter() {
    assertEquals("input", post("/v1/responses", "{\"input\": 42}").bodyAsJsonObject()
        .getJsonObject("error").getString("param"));
    assertEquals("input[0].content[0].type", post("/v1/responses",
        "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"x\"}]}]}")
        .bodyAsJsonObject().getJsonObject("error").getString("param"));
    assertEquals(400, post("/v1/responses", "{\"input\":\"Hi\",\"previous_response_id\":\"resp_1\"}").statusCode());
    assertEquals(400, post("/v1/responses", "{\"input\":[{\"role\":\"assistant\",\"content\":\"only me\"}]}").statusCode());
    assertEquals(400, post("/v1/chat/completions", "{\"messages\":[]}").statusCode());
    JsonObject severalChoices = post("/v1/chat/completions",
        "{\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").bodyAsJsonObject().getJsonObject("error");
    assertEquals("n", severalChoices.getString("param"));
    assertEquals("n must be 1: Switchboard answers with one choice", severalChoices.getString("message"));
    assertEquals(400, post("/v1/responses", "[1,2]").statusCode());
    assertTrue(asked.isEmpty());
  }

  @Test
  void aBodyThatIsNotAJsonObjectSaysWhatItIs() {
    Map<String, String> expected = Map.of(
        "", "the body must be a JSON object, and it is empty",
        "{\"input\": ", "the body is not valid JSON",
        "[1,2]", "the body must be a JSON object, not an array",
        "\"hi\"", "the body must be a JSON object, not a string",
        "42", "the body must be a JSON object, not a number",
        "true", "the body must be a JSON object, not a boolean",
        "null", "the body must be a JSON object, not null");
    expected.forEach((body, message) -> {
      HttpResponse<Buffer> response = post("/v1/responses", body);
      assertEquals(400, response.statusCode(), body);
      assertEquals(message, response.bodyAsJsonObject().getJsonObject("error").getString("message"), body);
    });
    assertTrue(asked.isEmpty());
  }

  @Test
  void aFormBodyIs415SayingToSendJson() {
    for (String type : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
      HttpResponse<Buffer> response = client.request(HttpMethod.POST, "/v1/responses").bearerTokenAuthentication(TOKEN)
          .putHeader("Content-Type", type).sendBuffer(Buffer.buffer("{\"input\":\"" + "x".repeat(2000) + "\"}")).await();
      assertEquals(415, response.statusCode(), type);
      assertEquals("form bodies are not accepted (Content-Type: " + type.split(";")[0]
              + "); send JSON with Content-Type: application/json",
          response.bodyAsJsonObject().getJsonObject("error").getString("message"));
    }
    assertTrue(asked.isEmpty());
  }

  @Test
  void anOversizedBodyIs413() {
    HttpResponse<Buffer> response = post("/v1/responses", "{\"input\":\"" + "x".repeat(5000) + "\"}");
    assertEquals(413, response.statusCode());
    assertFalse(response.bodyAsString().contains("Exception"));
  }

  @Test
  void chainFailuresMapToOpenAiStatuses() {
    Map<AskFailure, Integer> expected = Map.of(AskFailure.INVALID_REQUEST, 400, AskFailure.UNKNOWN_MODEL, 404,
        AskFailure.CONTEXT_OVERFLOW, 400, AskFailure.UNAVAILABLE, 503, AskFailure.TIMEOUT, 504);
    expected.forEach((failure, status) -> {
      router = message -> message.fail(failure.failureCode(), "because " + failure.code());
      HttpResponse<Buffer> response = post("/v1/responses", "{\"input\":\"Hi\"}");
      assertEquals(status, response.statusCode(), failure.name());
      assertEquals("because " + failure.code(), response.bodyAsJsonObject().getJsonObject("error").getString("message"));
    });
  }

  @Test
  void modelsListTheChainRefsAndAliases() {
    HttpResponse<Buffer> response = client.get("/v1/models").bearerTokenAuthentication(TOKEN).send().await();
    List<String> ids = response.bodyAsJsonObject().getJsonArray("data").stream()
        .map(entry -> ((JsonObject) entry).getString("id")).toList();
    assertEquals(List.of("switchboard", "local/qwen", "qwen"), ids);
  }

  @Test
  void unknownRoutesAre404() {
    assertEquals(404, client.get("/v1/nothing").bearerTokenAuthentication(TOKEN).send().await().statusCode());
    assertEquals(404, client.get("/nothing").send().await().statusCode());
  }
}

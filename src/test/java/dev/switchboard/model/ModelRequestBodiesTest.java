package dev.switchboard.model;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.config.ModelApi;
import dev.switchboard.fakes.FakeModelRequest;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What each adapter puts on the wire: path, history, system prompt, token limit. */
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ModelRequestBodiesTest extends FakeBackendTestBase {

  private static final ModelRequest CONVERSATION = new ModelRequest("You are terse.", List.of(
      ChatMessage.assistant("Welcome!"),
      ChatMessage.user("Hi"),
      ChatMessage.assistant(""),
      ChatMessage.user("Still there?"),
      ChatMessage.assistant("Yes."),
      ChatMessage.user("Capital of France?")), System.currentTimeMillis() + 60_000);

  @Test
  void responsesSendsTheWholeHistoryStatelessly() {
    FakeModelRequest sent = send(ModelApi.OPENAI_RESPONSES, fake.baseUrl());
    assertEquals("/v1/responses", sent.path());
    JsonObject body = sent.body();
    assertEquals(FakeModelServer.MODEL_ID, body.getString("model"));
    assertEquals("You are terse.", body.getString("instructions"));
    assertEquals(512, body.getInteger("max_output_tokens"));
    assertEquals(false, body.getBoolean("store"));
    assertFalse(body.containsKey("previous_response_id"));
    JsonArray input = body.getJsonArray("input");
    assertEquals(new JsonObject().put("role", "assistant").put("content", "Welcome!"), input.getJsonObject(0));
    assertEquals(new JsonObject().put("role", "user").put("content",
        new JsonArray().add(new JsonObject().put("type", "input_text").put("text", "Hi"))), input.getJsonObject(1));
    assertEquals(5, input.size(), "the blank assistant turn is not replayed");
  }

  @Test
  void chatCompletionsPutsInstructionsInASystemMessage() {
    FakeModelRequest sent = send(ModelApi.OPENAI_COMPLETIONS, fake.baseUrl());
    assertEquals("/v1/chat/completions", sent.path());
    JsonArray messages = sent.body().getJsonArray("messages");
    assertEquals(new JsonObject().put("role", "system").put("content", "You are terse."), messages.getJsonObject(0));
    assertEquals(new JsonObject().put("role", "user").put("content", "Capital of France?"), messages.getJsonObject(5));
    assertEquals(6, messages.size());
    assertEquals(512, sent.body().getInteger("max_tokens"));
    assertEquals(new JsonObject().put("include_usage", true), sent.body().getJsonObject("stream_options"));
  }

  @Test
  void anthropicAlternatesTurnsStartingWithTheUser() {
    FakeModelRequest sent = send(ModelApi.ANTHROPIC_MESSAGES, fake.baseUrl());
    assertEquals("/v1/messages", sent.path());
    JsonObject body = sent.body();
    assertEquals("You are terse.", body.getString("system"));
    assertEquals(512, body.getInteger("max_tokens"));
    assertEquals(new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "Hi\n\nStill there?"))
        .add(new JsonObject().put("role", "assistant").put("content", "Yes."))
        .add(new JsonObject().put("role", "user").put("content", "Capital of France?")), body.getJsonArray("messages"));
  }

  @Test
  void anthropicAddsV1WhenTheBaseUrlLacksIt() {
    FakeModelRequest sent = send(ModelApi.ANTHROPIC_MESSAGES, "http://127.0.0.1:" + fake.port() + "/");
    assertEquals("/v1/messages", sent.path());
  }

  @Test
  void aResponsesRefusalBecomesAFixedSentence() {
    JsonArray output = new JsonArray().add(new JsonObject().put("type", "message").put("content",
        new JsonArray().add(new JsonObject().put("type", "refusal").put("refusal", "I won't."))));
    assertEquals(ResponsesClient.REFUSAL_TEXT, ResponsesClient.outputText(output));
  }

  private static FakeModelRequest send(ModelApi api, String baseUrl) {
    clients.create(TestModels.model(api, baseUrl, true)).generate(CONVERSATION).await();
    return fake.requests().get(0);
  }
}

package dev.switchboard.channel.http;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.switchboard.app.MainVerticle;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ModelApi;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stream: true} through the whole bridge (gateway, OpenAI API, router, chain, adapters)
 * against fake models, read by OpenAI's own Java SDK and as raw server-sent events checked against
 * the official stream-event schema: the text arrives while the model writes it, reasoning never,
 * and a model that breaks off after its first words ends the stream with an error, not with a
 * second model's text.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class StreamingBridgeTest {

  private static final String TOKEN = "stream-token";
  private static final List<String> PIECES = List.of("<think>the user wants", " a greeting</th", "ink>Hel", "lo <th",
      "ink>no</think>wor", "ld", "!");

  @TempDir
  Path storeDir;

  private Vertx vertx;
  private FakeModelServer primary;
  private FakeModelServer backup;
  private OpenAIClient sdk;
  private WebClient http;

  @BeforeEach
  void fakes(Vertx vertx) {
    this.vertx = vertx;
    primary = FakeModelServer.start(vertx).await();
    backup = FakeModelServer.start(vertx).await();
    backup.always(FakeModelBehaviour.reply("Answer from the backup."));
  }

  @AfterEach
  void close() {
    if (sdk != null) {
      sdk.close();
    }
    primary.close().await();
    backup.close().await();
  }

  private void startBridge(ModelApi primaryApi) {
    SwitchboardConfig config = ConfigLoader.parse("test", """
        { gateway: { port: 0 },
          agents: { defaults: { model: { primary: "local/fake-model", fallbacks: ["backup/fake-model"] },
                                timeoutSeconds: 20 } },
          models: { mode: "replace", providers: {
            local: { baseUrl: "%s", apiKey: "lm", api: "%s",
                     models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] },
            backup: { baseUrl: "%s", apiKey: "sk-ant", api: "anthropic-messages",
                      models: [{ id: "fake-model", contextWindow: 32768, maxTokens: 1024 }] } } },
          channels: { http: { token: "%s" } },
          session: { store: { path: "%s" } } }
        """.formatted(primary.baseUrl(), primaryApi.configName(), backup.baseUrl(), TOKEN,
        storeDir.resolve("switchboard.db")), Map.of());
    MainVerticle main = new MainVerticle(config);
    vertx.deployVerticle(main).await();
    sdk = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + main.port() + "/v1").apiKey(TOKEN)
        .maxRetries(0).build();
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(main.port()));
  }

  @ParameterizedTest
  @EnumSource(ModelApi.class)
  void theSdkReadsTheResponsesTextWhileTheModelIsStillWriting(ModelApi api) {
    startBridge(api);
    Promise<Void> release = Promise.promise();
    primary.next(FakeModelBehaviour.holdAfterPieces(PIECES, 4, release.future()));
    ResponseAccumulator accumulator = ResponseAccumulator.create();
    StringBuilder deltas = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> stream = sdk.responses().createStreaming(
        ResponseCreateParams.builder().model("switchboard").input("Hi").build())) {
      Iterator<ResponseStreamEvent> events = stream.stream().iterator();
      List<String> types = new ArrayList<>();
      while (deltas.length() < "Hello".length()) {
        ResponseStreamEvent event = accumulator.accumulate(events.next());
        types.add(type(event));
        event.outputTextDelta().ifPresent(delta -> deltas.append(delta.delta()));
      }
      assertEquals("Hello", deltas.toString(), "the first words, while the model holds the rest");
      assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
          "response.content_part.added"), types.subList(0, 4));
      vertx.runOnContext(go -> release.complete());
      events.forEachRemaining(event -> accumulator.accumulate(event).outputTextDelta()
          .ifPresent(delta -> deltas.append(delta.delta())));
    }
    Response response = accumulator.response();
    assertEquals("Hello world!", deltas.toString());
    assertEquals("Hello world!", response.output().get(0).asMessage().content().get(0).asOutputText().text());
    assertEquals("local/fake-model", response.model().asString());
    assertTrue(backup.requests().isEmpty());
  }

  @Test
  void theSdkAccumulatesAChatCompletionStreamedWhileTheModelWritesWithUsage() {
    startBridge(ModelApi.OPENAI_COMPLETIONS);
    Promise<Void> release = Promise.promise();
    primary.next(FakeModelBehaviour.holdAfterPieces(PIECES, 4, release.future()));
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    List<String> contents = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("switchboard").addUserMessage("Hi")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      while (!String.join("", contents).equals("Hello")) {
        ChatCompletionChunk chunk = accumulator.accumulate(chunks.next());
        chunk.choices().forEach(choice -> choice.delta().content().filter(c -> !c.isEmpty()).ifPresent(contents::add));
      }
      vertx.runOnContext(go -> release.complete());
      chunks.forEachRemaining(chunk -> accumulator.accumulate(chunk).choices()
          .forEach(choice -> choice.delta().content().filter(c -> !c.isEmpty()).ifPresent(contents::add)));
    }
    ChatCompletion completion = accumulator.chatCompletion();
    assertEquals("Hello world!", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals(FakeModelServer.INPUT_TOKENS, completion.usage().orElseThrow().promptTokens());
    assertTrue(contents.size() >= 2, "text in pieces: " + contents);
    assertTrue(contents.stream().noneMatch(c -> c.contains("<") || c.contains("user")), contents.toString());
  }

  @Test
  void rawEventsFollowTheOfficialSchemaAndCarryNoReasoning() {
    startBridge(ModelApi.OPENAI_RESPONSES);
    primary.next(FakeModelBehaviour.replyInPieces(PIECES));
    HttpResponse<Buffer> response = post("/v1/responses", new JsonObject().put("input", "Hi").put("stream", true));
    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("text/event-stream"));
    List<JsonObject> events = events(response.bodyAsString());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      JsonObject event = events.get(i);
      assertEquals(i, event.getInteger("sequence_number"));
      assertFalse(event.containsKey("error"), "no top-level error key on a normal event");
      ResponseSchema.assertValidStreamEvent(event);
      if (event.getString("type").equals("response.output_text.delta")) {
        text.append(event.getString("delta"));
      }
    }
    assertEquals("Hello world!", text.toString());
    JsonObject completed = events.get(events.size() - 1);
    assertEquals("response.completed", completed.getString("type"));
    ResponseSchema.assertValidResponse(completed.getJsonObject("response"));
    assertFalse(response.bodyAsString().contains("user wants"));
    assertFalse(response.bodyAsString().contains(FakeModelBehaviour.REASONING));
  }

  @Test
  void aModelBreakingOffAfterItsFirstWordsEndsTheStreamWithResponseFailedAndNoFallbackText() {
    startBridge(ModelApi.OPENAI_RESPONSES);
    primary.next(FakeModelBehaviour.breakAfterPieces(PIECES, 4));
    HttpResponse<Buffer> response = post("/v1/responses", new JsonObject().put("input", "Hi").put("stream", true));
    assertEquals(200, response.statusCode());
    List<JsonObject> events = events(response.bodyAsString());
    events.forEach(ResponseSchema::assertValidStreamEvent);
    JsonObject last = events.get(events.size() - 1);
    assertEquals("response.failed", last.getString("type"));
    assertEquals("failed", last.getJsonObject("response").getString("status"));
    String text = events.stream().filter(e -> e.getString("type").equals("response.output_text.delta"))
        .map(e -> e.getString("delta")).reduce("", String::concat);
    assertEquals("Hello", text);
    assertFalse(response.bodyAsString().contains("backup"));
    assertTrue(backup.requests().isEmpty(), "no second model once text went out");
  }

  @Test
  void theSdkRaisesTheErrorChunkOfAChatCompletionThatBrokeOff() {
    startBridge(ModelApi.OPENAI_COMPLETIONS);
    primary.next(FakeModelBehaviour.breakAfterPieces(PIECES, 4));
    StringBuilder seen = new StringBuilder();
    assertThrows(OpenAIException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
          ChatCompletionCreateParams.builder().model("switchboard").addUserMessage("Hi").build())) {
        stream.stream().forEach(chunk -> chunk.choices()
            .forEach(choice -> choice.delta().content().ifPresent(seen::append)));
      }
    });
    assertEquals("Hello", seen.toString());
    assertTrue(backup.requests().isEmpty());
  }

  @Test
  void aModelThatFailsBeforeAnyVisibleTextFailsOverUnseen() {
    startBridge(ModelApi.OPENAI_RESPONSES);
    primary.next(FakeModelBehaviour.breakAfterPieces(PIECES, 2));
    HttpResponse<Buffer> response = post("/v1/responses", new JsonObject().put("input", "Hi").put("stream", true));
    assertEquals(200, response.statusCode());
    List<JsonObject> events = events(response.bodyAsString());
    assertEquals("response.completed", events.get(events.size() - 1).getString("type"));
    String text = events.stream().filter(e -> e.getString("type").equals("response.output_text.delta"))
        .map(e -> e.getString("delta")).reduce("", String::concat);
    assertEquals("Answer from the backup.", text);
    List<String> models = events.stream().filter(e -> e.containsKey("response"))
        .map(e -> e.getJsonObject("response").getString("model")).toList();
    assertEquals(List.of("backup/fake-model"), models.stream().distinct().toList(),
        "from response.created to response.completed, the model that wrote the text: " + models);
    assertEquals("local/fake-model", response.getHeader("X-Switchboard-Fallback-From"));
  }

  @Test
  void everyChunkOfAStreamedChatCompletionNamesTheModelThatWroteIt() {
    startBridge(ModelApi.OPENAI_COMPLETIONS);
    primary.next(FakeModelBehaviour.replyInPieces(PIECES));
    HttpResponse<Buffer> response = post("/v1/chat/completions", streamedChat());
    assertEquals(200, response.statusCode());
    List<JsonObject> chunks = chunks(response.bodyAsString());
    assertEquals("Hello world!", content(chunks));
    assertTrue(chunks.size() >= 4, "role, text in pieces, finish_reason: " + chunks);
    assertEquals(List.of("local/fake-model"), chunks.stream().map(c -> c.getString("model")).distinct().toList(),
        "one model for the whole completion, as the answer without stream names it");
    assertNull(response.getHeader("X-Switchboard-Fallback-From"));
  }

  @Test
  void aChatCompletionStreamThatFailedOverBeforeAnyTextNamesTheFallbackInEveryChunk() {
    startBridge(ModelApi.OPENAI_COMPLETIONS);
    primary.next(FakeModelBehaviour.breakAfterPieces(PIECES, 2));
    HttpResponse<Buffer> response = post("/v1/chat/completions", streamedChat());
    assertEquals(200, response.statusCode());
    List<JsonObject> chunks = chunks(response.bodyAsString());
    assertEquals("Answer from the backup.", content(chunks));
    assertEquals(List.of("backup/fake-model"), chunks.stream().map(c -> c.getString("model")).distinct().toList(),
        "the primary wrote nothing the client saw, so no chunk names it or the chain");
    assertEquals("local/fake-model", response.getHeader("X-Switchboard-Fallback-From"));
  }

  @Test
  void whenEveryModelFailsBeforeAnyTextTheClientGetsTheHttpStatus() {
    startBridge(ModelApi.OPENAI_RESPONSES);
    primary.always(FakeModelBehaviour.fail(500));
    backup.always(FakeModelBehaviour.fail(503));
    HttpResponse<Buffer> response = post("/v1/chat/completions", new JsonObject().put("stream", true)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi"))));
    assertEquals(503, response.statusCode());
    assertEquals("all_models_failed", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  /** A streamed Chat Completions request for the configured chain, usage included. */
  private static JsonObject streamedChat() {
    return new JsonObject().put("model", "switchboard").put("stream", true)
        .put("stream_options", new JsonObject().put("include_usage", true))
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi")));
  }

  /** The {@code chat.completion.chunk}s of a stream, without its closing {@code [DONE]}. */
  private static List<JsonObject> chunks(String sse) {
    assertTrue(sse.endsWith("data: [DONE]\n\n"), sse);
    return events(sse.substring(0, sse.length() - "data: [DONE]\n\n".length()));
  }

  private static String content(List<JsonObject> chunks) {
    return chunks.stream().flatMap(c -> c.getJsonArray("choices").stream())
        .map(choice -> ((JsonObject) choice).getJsonObject("delta").getString("content", ""))
        .reduce("", String::concat);
  }

  private HttpResponse<Buffer> post(String path, JsonObject body) {
    return http.post(path).bearerTokenAuthentication(TOKEN).sendJsonObject(body).await();
  }

  private static List<JsonObject> events(String sse) {
    List<JsonObject> events = new ArrayList<>();
    for (String block : sse.split("\n\n")) {
      String data = block.lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring(6);
      events.add(new JsonObject(data));
    }
    return events;
  }

  private static String type(ResponseStreamEvent event) {
    if (event.isCreated()) {
      return "response.created";
    }
    if (event.isInProgress()) {
      return "response.in_progress";
    }
    if (event.isOutputItemAdded()) {
      return "response.output_item.added";
    }
    if (event.isContentPartAdded()) {
      return "response.content_part.added";
    }
    return event.isOutputTextDelta() ? "response.output_text.delta" : "other";
  }
}

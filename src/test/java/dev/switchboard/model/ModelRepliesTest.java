package dev.switchboard.model;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.ModelApi;
import dev.switchboard.config.ReasoningTags;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelRequest;
import dev.switchboard.fakes.FakeModelServer;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.model.TestModels.ask;
import static dev.switchboard.model.TestModels.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What a user gets from each adapter, streamed and buffered, against the fake backend. */
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ModelRepliesTest extends FakeBackendTestBase {

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void repliesWithTheFinalTextAndUsageOnly(ModelApi api, boolean stream) {
    fake.reply("The capital of France is Paris.");
    ModelReply reply = client(api, stream).generate(ask("Capital of France?")).await();
    assertEquals("The capital of France is Paris.", reply.text());
    assertEquals(new Usage(FakeModelServer.INPUT_TOKENS, FakeModelServer.OUTPUT_TOKENS), reply.usage());
    assertFalse(reply.text().contains(FakeModelBehaviour.REASONING));
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void thinkTagsLeakedIntoTheContentAreStripped(ModelApi api, boolean stream) {
    fake.replyWithThinkTags("The user wants a city. I will say Paris.", "Paris.");
    assertEquals("Paris.", client(api, stream).generate(ask("Capital of France?")).await().text());
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void anOrphanClosingThinkTagHidesWhatCameBeforeFromAnOrphanCloseModel(ModelApi api, boolean stream) {
    fake.reply("Let me think about French geography.</think>\n\nParis.");
    ModelClient orphanClose = clients.create(TestModels.model(api, fake.baseUrl(), stream, TestModels.GENEROUS_MS,
        TestModels.GENEROUS_MS, ReasoningTags.ORPHAN_CLOSE));
    assertEquals("Paris.", orphanClose.generate(ask("Capital of France?")).await().text());
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void aStrayClosingTagFromAPairedModelIsDroppedAlone(ModelApi api, boolean stream) {
    fake.reply("Paris</think> is the capital.");
    assertEquals("Paris is the capital.", client(api, stream).generate(ask("Capital of France?")).await().text());
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void reasoningWithoutVisibleTextIsAnEmptyReply(ModelApi api, boolean stream) {
    fake.empty();
    assertEquals(ModelErrorClass.EMPTY_REPLY, failureOf(client(api, stream).generate(ask("Hi"))).errorClass());
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void multiByteTextSurvivesChunking(ModelApi api, boolean stream) {
    String text = "Ciao! 👋 Ecco il café ☕ — «va bene».\n\n```java\nint x = 1;\n```";
    fake.reply(text);
    assertEquals(text, client(api, stream).generate(ask("Hi")).await().text());
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void sendsTheProviderKeyAndHeaders(ModelApi api, boolean stream) {
    fake.reply("ok");
    client(api, stream).generate(ask("Hi")).await();
    FakeModelRequest request = fake.requests().get(0);
    if (api == ModelApi.ANTHROPIC_MESSAGES) {
      assertEquals(TestModels.API_KEY, request.header("x-api-key"));
      assertEquals("2023-06-01", request.header("anthropic-version"));
      assertNull(request.header("Authorization"));
    } else {
      assertEquals("Bearer " + TestModels.API_KEY, request.header("Authorization"));
      assertNull(request.header("x-api-key"));
    }
    assertEquals("switchboard-test", request.header("X-Title"));
    assertEquals(stream ? "text/event-stream" : "application/json", request.header("Accept"));
    assertEquals(stream, request.body().getBoolean("stream"));
  }

  @ParameterizedTest(name = "{0}, stream={1}")
  @MethodSource("backends")
  void replaysTheHistoryWithoutInstructions(ModelApi api, boolean stream) {
    fake.reply("Fine.");
    ModelRequest request = new ModelRequest(null, List.of(ChatMessage.user("a"), ChatMessage.assistant("b"),
        ChatMessage.user("c")), System.currentTimeMillis() + 10_000);
    assertEquals("Fine.", client(api, stream).generate(request).await().text());
  }
}

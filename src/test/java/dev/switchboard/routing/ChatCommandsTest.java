package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.config.CommandsConfig;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelReply;
import dev.switchboard.bus.Usage;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.MAX_FAILURES;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.provider;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static dev.switchboard.routing.ScriptedModels.error;
import static dev.switchboard.routing.ScriptedModels.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chat commands, as a chat user and the CLI {@code chat} see them: the bridge answers them itself, in
 * the session's order, and no model ever sees them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ChatCommandsTest {

  private static final String SESSION = "cli:chat";
  private static final String CHAT_SESSION = "telegram:bot1:dm:42";

  private Vertx vertx;
  private ScriptedModels models;
  private InMemorySessionHistory history;
  private InMemorySessionPreferences preferences;
  private DeliveredReplies telegram;

  @BeforeEach
  void deployRouter(Vertx vertx) throws Exception {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    history = new InMemorySessionHistory();
    preferences = new InMemorySessionPreferences();
    // u1, who writes the chat messages below, is an operator: they may choose any model.
    RouterVerticle router = new RouterVerticle(catalog(providersAB(), A, B), models, history, preferences,
        new Metrics()).withCommands(new CommandsConfig(Map.of("telegram", Set.of("u1")), Set.of()));
    vertx.deployVerticle(router).await(AWAIT_SECONDS, TimeUnit.SECONDS);
    telegram = DeliveredReplies.listen(vertx, "telegram", 5);
  }

  /** What the CLI {@code chat} does with a line: an ask in its session. */
  private AskReply say(String text) throws Exception {
    JsonObject body = vertx.eventBus().<JsonObject>request(Addresses.ASK, AskRequest.text(SESSION, text).toJson())
        .await(AWAIT_SECONDS, TimeUnit.SECONDS).body();
    return AskReply.fromJson(body);
  }

  /** A command's reply text, checked to come from the bridge rather than a model. */
  private String command(String text) throws Exception {
    AskReply reply = say(text);
    assertNull(reply.model(), "a command is answered by the bridge");
    return reply.text();
  }

  private void sendToChat(String id, String text) {
    vertx.eventBus().send(Addresses.INBOUND, new InboundMessage("telegram:" + id, "telegram", "bot1", "42",
        ChatType.DM, "u1", "Ada", null, text, System.currentTimeMillis(), null).toJson());
  }

  private int modelCalls() {
    return models.calls(A) + models.calls(B);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/new", "/reset", "/RESET", "  /new  "})
  void newAndResetStartAFreshConversation(String command) throws Exception {
    say("I am Ada");

    assertEquals("New conversation started: I have forgotten the earlier messages.", command(command));
    say("Who am I?");

    assertEquals(List.of(ChatMessage.user("Who am I?")), models.requests(A).get(1).messages());
    assertEquals(2, models.calls(A), "the command reached no model");
  }

  @Test
  void aChosenModelByAliasAnswersAloneAndNeverFallsBack() throws Exception {
    String chosen = command("/model FAST");
    models.script(A, error(ModelErrorClass.SERVER));

    ReplyException failure = assertThrows(ReplyException.class, () -> say("hello"));

    assertEquals("This conversation now uses local/a only, without fallback. /model default goes back to the chain.",
        chosen);
    assertEquals(503, failure.failureCode());
    assertEquals(1, models.calls(A));
    assertEquals(0, models.calls(B), "a chosen model never falls back");
  }

  @Test
  void aChosenModelByRefAnswersTheChatUser() throws Exception {
    sendToChat("1", "/model remote/b");
    sendToChat("2", "hello");

    assertEquals("This conversation now uses remote/b only, without fallback. /model default goes back to the chain.",
        telegram.reply(0).text());
    Reply answer = telegram.reply(1);
    assertEquals("answer from " + B, answer.text());
    assertEquals(B, answer.model());
    assertNull(answer.fallbackFrom());
    assertEquals(0, models.calls(A));
    assertEquals(B, preferences.model(CHAT_SESSION).await(AWAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void modelDefaultGoesBackToTheChain() throws Exception {
    command("/model remote/b");

    assertEquals("Back to the default chain: local/a, then remote/b.", command("/model default"));
    AskReply reply = say("hello");

    assertEquals(A, reply.model());
    assertEquals(0, models.calls(B));
    assertNull(preferences.model(SESSION).await(AWAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void modelAloneShowsTheCurrentChoice() throws Exception {
    assertEquals("Model: the default chain (local/a, then remote/b). /model <alias|ref> picks one model for this"
        + " conversation.", command("/model"));
    command("/model remote/b");

    assertEquals("Model: remote/b, chosen for this conversation (no fallback). /model default goes back to the chain.",
        command("/model"));
  }

  @Test
  void anUnknownModelIsRefusedWithTheAliasesAndChangesNothing() throws Exception {
    assertEquals("Unknown model \"gpt-9\". Aliases: fast; a provider/model ref works too.", command("/model gpt-9"));

    assertNull(preferences.model(SESSION).await(AWAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(A, say("hello").model());
  }

  @Test
  void statusShowsEachModelsBreakerTheSessionsModelAndItsSize() throws Exception {
    models.script(A, error(ModelErrorClass.SERVER));
    for (int i = 0; i < MAX_FAILURES; i++) {
      say("question " + i);
    }

    String status = command("/status");

    String[] lines = status.split("\n");
    assertEquals("Models:", lines[0]);
    assertTrue(lines[1].startsWith("1. local/a: open (server_error: scripted server_error) until "), status);
    assertEquals("2. remote/b: closed", lines[2]);
    assertEquals("This conversation's model: the default chain", lines[3]);
    long chars = history.load(SESSION).await(AWAIT_SECONDS, TimeUnit.SECONDS).stream()
        .mapToLong(message -> message.text().length()).sum();
    assertEquals("This conversation: 6 messages, about " + chars / 4 + " tokens", lines[4]);
  }

  @Test
  void statusShowsAChosenModelWithItsState() throws Exception {
    command("/model remote/b");

    String status = command("/status");

    assertTrue(status.contains("\nThis conversation's model: remote/b: closed, chosen with /model (no fallback)\n"),
        status);
    assertTrue(status.contains("\nThis conversation: 0 messages, about 0 tokens\n"), status);
    assertTrue(status.endsWith("\nThis conversation's mode: bot"), status);
  }

  @Test
  void helpListsTheCommands() throws Exception {
    String help = command("/help");

    assertTrue(help.startsWith("Commands:\n"), help);
    for (String command : List.of("/new", "/reset", "/status", "/model <alias|ref>", "/model default", "/help")) {
      assertTrue(help.contains(command), command + " in " + help);
    }
  }

  @Test
  void commandsNeverReachAModelNorTheHistory() throws Exception {
    for (String command : List.of("/help", "/status", "/model", "/model fast", "/model default", "/model nope",
        "/new", "/reset")) {
      command(command);
    }

    assertEquals(0, modelCalls());
    assertEquals(List.of(), history.load(SESSION).await(AWAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void aCommandAddressedToABotIsACommand() throws Exception {
    sendToChat("1", "/help@switchboard_bot");

    Reply reply = telegram.reply(0);

    assertTrue(reply.text().startsWith("Commands:\n"), reply.text());
    assertNull(reply.model());
    assertEquals(List.of("telegram:1", "42"), List.of(reply.inboundId(), reply.chatId()));
    assertEquals(0, modelCalls());
  }

  @Test
  void anUnknownSlashWordIsTextForTheModel() throws Exception {
    AskReply reply = say("/etc/hosts is where?");

    assertEquals("answer from " + A, reply.text());
    assertEquals(List.of(ChatMessage.user("/etc/hosts is where?")), models.requests(A).get(0).messages());
  }

  @Test
  void aResetArrivingDuringATurnAppliesAfterItInOrder() throws Exception {
    Promise<ModelReply> firstAnswer = Promise.promise();
    Promise<Void> firstCalled = Promise.promise();
    models.script(A, (v, request) -> {
      firstCalled.complete();
      return firstAnswer.future();
    }, text("second answer"), text("third answer"));
    sendToChat("1", "first");
    firstCalled.future().await(AWAIT_SECONDS, TimeUnit.SECONDS);

    // Sent and answered from one context: all three reach the router while the first turn runs.
    vertx.getOrCreateContext().runOnContext(v -> {
      sendToChat("2", "second");
      sendToChat("3", "/reset");
      sendToChat("4", "third");
      firstAnswer.complete(new ModelReply("first answer", Usage.NONE));
    });

    List<String> delivered = List.of(telegram.reply(0).text(), telegram.reply(1).text(), telegram.reply(2).text(),
        telegram.reply(3).text());
    assertEquals(List.of("first answer", "second answer",
        "New conversation started: I have forgotten the earlier messages.", "third answer"), delivered);
    assertEquals(List.of(ChatMessage.user("first"), ChatMessage.assistant("first answer"), ChatMessage.user("second")),
        models.requests(A).get(1).messages(), "the message before the reset kept the conversation");
    assertEquals(List.of(ChatMessage.user("third")), models.requests(A).get(2).messages(),
        "the message after the reset started afresh");
  }
}

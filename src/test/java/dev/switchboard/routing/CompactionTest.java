package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.config.CompactionConfig;
import dev.switchboard.config.ModelRef;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelErrorClass;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.catalogWithCompaction;
import static dev.switchboard.routing.ChainFixtures.model;
import static dev.switchboard.routing.ChainFixtures.provider;
import static dev.switchboard.routing.ScriptedModels.error;
import static dev.switchboard.routing.ScriptedModels.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction of a session's history (DESIGN.md §9): what each model receives when the conversation no
 * longer fits its window, who writes the summary, and what the session keeps for its next turn.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class CompactionTest {

  /** 20,000-token window, 1,000 for the answer: about 72,000 characters of conversation fit. */
  private static final String SMALL = "local/a";
  private static final String SUMMARISER = "local/summariser";
  private static final String LARGE = "remote/b";
  private static final String SESSION = "s";
  private static final int KEEP_RECENT_TURNS = 2;
  private static final String QUESTION = "And the hotel?";

  private Vertx vertx;
  private ScriptedModels models;
  private InMemorySessionHistory history;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    history = new InMemorySessionHistory();
  }

  private void deploy(boolean enabled, String compactionModel, String primary, String... fallbacks) throws Exception {
    CompactionConfig compaction = new CompactionConfig(enabled,
        compactionModel == null ? null : ModelRef.parseOrNull(compactionModel), KEEP_RECENT_TURNS);
    RouterVerticle router = new RouterVerticle(catalogWithCompaction(List.of(
            provider("local", model("a", 20_000, 1_000), model("summariser")),
            provider("remote", model("b", 200_000, 1_000))), compaction, primary, fallbacks),
        models, history, new InMemorySessionPreferences(), new Metrics());
    vertx.deployVerticle(router).await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** A stored conversation of {@code turns} turns, each message about {@code chars} characters long. */
  private List<ChatMessage> stored(int turns, int chars) throws Exception {
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < turns; i++) {
      messages.add(ChatMessage.user("question " + i + " " + "x".repeat(chars)));
      messages.add(ChatMessage.assistant("answer " + i + " " + "y".repeat(chars)));
    }
    history.replace(SESSION, messages).await(AWAIT_SECONDS, TimeUnit.SECONDS);
    return messages;
  }

  /** Over SMALL's window: ten turns of 8,000 characters. */
  private List<ChatMessage> storedOverTheWindow() throws Exception {
    return stored(10, 4_000);
  }

  private AskReply say(String text) throws Exception {
    JsonObject body = vertx.eventBus().<JsonObject>request(Addresses.ASK, AskRequest.text(SESSION, text).toJson())
        .await(AWAIT_SECONDS, TimeUnit.SECONDS).body();
    return AskReply.fromJson(body);
  }

  private List<ChatMessage> load() throws Exception {
    return history.load(SESSION).await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The summary message, then the last KEEP_RECENT_TURNS turns verbatim, then the new question. */
  private static List<ChatMessage> compacted(String summary, List<ChatMessage> past) {
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.user(SummarisingCompactor.SUMMARY_PREFIX + "\n" + summary));
    messages.addAll(recentTurns(past));
    messages.add(ChatMessage.user(QUESTION));
    return messages;
  }

  private static List<ChatMessage> recentTurns(List<ChatMessage> past) {
    return past.subList(past.size() - 2 * KEEP_RECENT_TURNS, past.size());
  }

  private static List<ChatMessage> plus(List<ChatMessage> messages, ChatMessage last) {
    List<ChatMessage> all = new ArrayList<>(messages);
    all.add(last);
    return all;
  }

  @Test
  void aHistoryThatFitsIsSentWholeAndNeverSummarised() throws Exception {
    deploy(true, SUMMARISER, SMALL);
    List<ChatMessage> past = stored(3, 1_000);

    say(QUESTION);

    assertEquals(plus(past, ChatMessage.user(QUESTION)), models.requests(SMALL).get(0).messages());
    assertEquals(0, models.calls(SUMMARISER));
    assertEquals(plus(plus(past, ChatMessage.user(QUESTION)), ChatMessage.assistant("answer from " + SMALL)), load());
  }

  @Test
  void aHistoryOverTheWindowReachesTheModelAsASummaryAndTheLastTurnsVerbatim() throws Exception {
    deploy(true, SUMMARISER, SMALL);
    List<ChatMessage> past = storedOverTheWindow();
    models.script(SUMMARISER, text("  Ada plans a trip to Lisbon in May.  "));

    AskReply reply = say(QUESTION);

    assertEquals("answer from " + SMALL, reply.text());
    assertEquals(compacted("Ada plans a trip to Lisbon in May.", past), models.requests(SMALL).get(0).messages());
    assertEquals(1, models.calls(SMALL));
    ModelRequest summaryRequest = models.requests(SUMMARISER).get(0);
    assertEquals(SummarisingCompactor.SUMMARY_INSTRUCTIONS, summaryRequest.instructions());
    assertEquals(plus(past.subList(0, past.size() - 2 * KEEP_RECENT_TURNS),
        ChatMessage.user(SummarisingCompactor.SUMMARY_REQUEST)), summaryRequest.messages());
  }

  @Test
  void theStoredHistoryIsTheCompactedOneAndTheNextTurnStartsFromIt() throws Exception {
    deploy(true, SUMMARISER, SMALL);
    List<ChatMessage> past = storedOverTheWindow();
    models.script(SUMMARISER, text("Ada plans a trip to Lisbon in May."));
    models.script(SMALL, text("The Hotel Avenida."), text("You're welcome."));

    say(QUESTION);
    List<ChatMessage> kept = load();
    say("Thanks!");

    assertEquals(plus(compacted("Ada plans a trip to Lisbon in May.", past), ChatMessage.assistant("The Hotel Avenida.")),
        kept);
    assertEquals(plus(kept, ChatMessage.user("Thanks!")), models.requests(SMALL).get(1).messages());
    assertEquals(1, models.calls(SUMMARISER), "a compacted history is not summarised again");
  }

  @Test
  void withoutACompactionModelTheModelAboutToAnswerWritesTheSummary() throws Exception {
    deploy(true, null, SMALL, LARGE);
    List<ChatMessage> past = storedOverTheWindow();
    models.script(SMALL, text("Ada plans a trip to Lisbon."), text("The Hotel Avenida."));

    AskReply reply = say(QUESTION);

    assertEquals("The Hotel Avenida.", reply.text());
    assertEquals(SummarisingCompactor.SUMMARY_INSTRUCTIONS, models.requests(SMALL).get(0).instructions());
    assertEquals(compacted("Ada plans a trip to Lisbon.", past), models.requests(SMALL).get(1).messages());
    assertEquals(0, models.calls(LARGE), "the primary keeps the conversation, summarised");
  }

  @Test
  void aFallbackWithASmallerWindowGetsACompactedRequestWhileThePrimaryGotTheWholeOne() throws Exception {
    deploy(true, null, LARGE, SMALL);
    List<ChatMessage> past = storedOverTheWindow();
    models.script(LARGE, error(ModelErrorClass.SERVER));
    models.script(SMALL, text("Ada plans a trip to Lisbon."), text("The Hotel Avenida."));

    AskReply reply = say(QUESTION);

    assertEquals(List.of("The Hotel Avenida.", SMALL, LARGE), List.of(reply.text(), reply.model(), reply.fallbackFrom()));
    assertEquals(plus(past, ChatMessage.user(QUESTION)), models.requests(LARGE).get(0).messages());
    assertEquals(compacted("Ada plans a trip to Lisbon.", past), models.requests(SMALL).get(1).messages());
    assertEquals(plus(compacted("Ada plans a trip to Lisbon.", past), ChatMessage.assistant("The Hotel Avenida.")),
        load());
  }

  @Test
  void aContextOverflowCompactsOnceAndRetriesOnTheSameModel() throws Exception {
    deploy(true, SUMMARISER, SMALL, LARGE);
    List<ChatMessage> past = stored(6, 100);
    models.script(SMALL, error(ModelErrorClass.CONTEXT_OVERFLOW), text("The Hotel Avenida."));
    models.script(SUMMARISER, text("Ada plans a trip to Lisbon."));

    AskReply reply = say(QUESTION);

    assertEquals(List.of("The Hotel Avenida.", SMALL), List.of(reply.text(), reply.model()));
    assertEquals(2, models.calls(SMALL));
    assertEquals(1, models.calls(SUMMARISER));
    assertEquals(0, models.calls(LARGE), "an overflow is compacted, not failed over");
    assertEquals(plus(past, ChatMessage.user(QUESTION)), models.requests(SMALL).get(0).messages());
    assertEquals(compacted("Ada plans a trip to Lisbon.", past), models.requests(SMALL).get(1).messages());
  }

  @Test
  void whenTheSummaryFailsTheOldestTurnsAreDropped() throws Exception {
    deploy(true, SUMMARISER, SMALL);
    List<ChatMessage> past = storedOverTheWindow();
    models.script(SUMMARISER, error(ModelErrorClass.SERVER));

    AskReply reply = say(QUESTION);

    assertEquals("answer from " + SMALL, reply.text());
    assertOldestTurnsDropped(past, models.requests(SMALL).get(0));
    assertEquals(plus(models.requests(SMALL).get(0).messages(), ChatMessage.assistant("answer from " + SMALL)), load());
  }

  @Test
  void withCompactionDisabledTheOldestTurnsAreDropped() throws Exception {
    deploy(false, SUMMARISER, SMALL);
    List<ChatMessage> past = storedOverTheWindow();

    say(QUESTION);

    assertEquals(0, models.calls(SUMMARISER));
    assertOldestTurnsDropped(past, models.requests(SMALL).get(0));
  }

  @Test
  void aConversationOfOnlyRecentTurnsIsTrimmedWithoutASummary() throws Exception {
    deploy(true, SUMMARISER, SMALL);
    List<ChatMessage> past = stored(KEEP_RECENT_TURNS, 40_000);

    say(QUESTION);

    assertEquals(0, models.calls(SUMMARISER), "nothing older than the recent turns to summarise");
    assertOldestTurnsDropped(past, models.requests(SMALL).get(0));
  }

  /** No summary; a tail of the conversation that starts with the user and fits half of SMALL's window. */
  private static void assertOldestTurnsDropped(List<ChatMessage> past, ModelRequest sent) {
    List<ChatMessage> messages = sent.messages();
    List<ChatMessage> whole = plus(past, ChatMessage.user(QUESTION));
    assertTrue(messages.size() < whole.size(), "older turns dropped");
    assertEquals(whole.subList(whole.size() - messages.size(), whole.size()), messages, "the most recent kept as they were");
    assertEquals(ChatMessage.Role.USER, messages.get(0).role());
    assertTrue(sent.characterCount() <= 20_000 / 2 * ContextBudget.CHARS_PER_TOKEN, "fits half the window");
  }
}

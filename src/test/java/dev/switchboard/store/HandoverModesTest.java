package dev.switchboard.store;

import dev.switchboard.routing.handover.Handover;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.SessionMode;
import dev.switchboard.channel.MutableClock;
import dev.switchboard.config.HandoverConfig;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.store.SessionKeys;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keywords, the messages kept for a person, and the bot's return after {@code resumeAfterMinutes}, on a real store. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class HandoverModesTest {

  private final MutableClock clock = new MutableClock();
  private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private SqliteStore store;
  private Handover handover;
  private final InboundMessage question = new InboundMessage("telegram:1", "telegram", "bot", "42", ChatType.DM, "42",
      "Ann", null, "Can a person help me?", 0, null);
  private final String key = SessionKeys.of(question);

  @TempDir
  Path dir;

  @BeforeEach
  void open(Vertx vertx) {
    store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), clock).await();
    handover = new Handover(new HandoverConfig(List.of("human", "operatore"), "A person is coming.", 60),
        store.handoverModes(), store.sessionHistory(), vertx, clock);
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, message -> events.add(message.body())).completion().await();
  }

  @AfterEach
  void close() {
    store.close().await();
  }

  @Test
  void aKeywordCountsOnlyAsAWholeWordInAnyCase() {
    assertTrue(handover.asksForHuman("Human?"));
    assertTrue(handover.asksForHuman("voglio un OPERATORE!"));
    assertTrue(handover.asksForHuman("(human)"));
    assertFalse(handover.asksForHuman("ask human_resources"), "an underscore joins words");
    assertFalse(handover.asksForHuman("Tell me about humanity"));
    assertFalse(handover.asksForHuman("superhuman powers"));
  }

  @Test
  void messagesInHumanModeJoinTheHistoryAndAreAnswered() throws Exception {
    handover.handOver(key, List.of(question), handover.mode(key).await()).await();
    InboundMessage meanwhile = new InboundMessage("telegram:2", "telegram", "bot", "42", ChatType.DM, "42", "Ann",
        null, "Hello?", 0, null);
    store.inbox().journal(meanwhile).await();

    assertTrue(handover.keepIfHuman(key, List.of(meanwhile)).await().human());

    assertEquals(List.of(), store.inbox().unanswered().await(), "not run again after a restart");
    assertEquals(List.of(ChatMessage.user("Can a person help me?"), ChatMessage.assistant("A person is coming."),
        ChatMessage.user("Hello?")), store.sessionHistory().load(key).await());
    JsonObject requested = events.poll(5, TimeUnit.SECONDS);
    assertNotNull(requested);
    assertEquals("handover_requested", requested.getString("type"));
  }

  @Test
  void theBotResumesAfterResumeAfterMinutesWithoutOperatorActivity() throws Exception {
    handover.handOver(key, List.of(question), handover.mode(key).await()).await();
    clock.advance(Duration.ofMinutes(59));
    assertEquals(SessionMode.HUMAN, handover.mode(key).await().mode());
    handover.operatorSent(key, "Here I am.").await();

    clock.advance(Duration.ofMinutes(59));
    assertEquals(SessionMode.HUMAN, handover.mode(key).await().mode(), "the operator's message restarted the wait");
    clock.advance(Duration.ofMinutes(1));
    assertEquals(SessionMode.BOT, handover.mode(key).await().mode());

    events.poll(5, TimeUnit.SECONDS);
    JsonObject resumed = events.poll(5, TimeUnit.SECONDS);
    assertNotNull(resumed);
    assertEquals("handover", resumed.getString("type"));
    assertEquals("bot", resumed.getString("mode"));
    assertEquals("resumeAfterMinutes", resumed.getString("reason"));
    assertEquals("bot", handover.describe(key).await());
  }

  @Test
  void anOperatorWhoTakesTheSessionAgainRightAfterATurnReadItsExpiredModeKeepsIt(Vertx vertx) throws Exception {
    handover.handOver(key, List.of(question), handover.mode(key).await()).await();
    clock.advance(Duration.ofMinutes(61));
    Handover racing = new Handover(new HandoverConfig(List.of("human"), "A person is coming.", 60),
        new ChangedAfterRead(store.handoverModes(), key,
            () -> store.handoverModes().set(key, SessionMode.HUMAN, clock.millis())),
        store.sessionHistory(), vertx, clock);
    InboundMessage meanwhile = new InboundMessage("telegram:2", "telegram", "bot", "42", ChatType.DM, "42", "Ann",
        null, "Hello?", 0, null);
    store.inbox().journal(meanwhile).await();

    assertTrue(racing.keepIfHuman(key, List.of(meanwhile)).await().human(), "kept for the operator who took it");
    assertEquals(SessionMode.HUMAN, store.handoverModes().get(key).await().orElseThrow().mode());
    assertEquals("handover_requested", events.poll(5, TimeUnit.SECONDS).getString("type"));
    assertNull(events.poll(200, TimeUnit.MILLISECONDS), "no resume announced");
  }
}

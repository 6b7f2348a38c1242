package dev.switchboard.channel.slack;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.DraftPiece;
import dev.switchboard.bus.Reply;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.InMemoryDedupeLog;
import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.MessagesConfig;
import dev.switchboard.fakes.FakeSlackServer;
import dev.switchboard.store.ShownPreview;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code channels.slack.streaming: true}: a reply being written grows in one Slack message (a native
 * stream in a thread, post-and-edit in a top-level DM or where streams are refused), and the final
 * reply lands in that same message: users never see a preview and a final as two messages.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class SlackStreamingTest {

  private static final String CHANNEL = "C024BE91L";
  private static final String DM = "D024BE91L";
  private static final String THREAD = "1700000000.000200";
  private static final long AWAIT_SECONDS = 10;

  @TempDir
  Path dir;

  private Vertx vertx;
  private FakeSlackServer slack;
  private SqliteStore store;
  private SlackOptions options;
  private ChannelGate gate;
  private InMemoryDedupeLog dedupe;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    slack = FakeSlackServer.start(vertx).await();
    store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await();
    options = SlackOptions.from(ConfigNode.of(new JsonObject().put("botToken", FakeSlackServer.TOKEN)
        .put("signingSecret", "secret").put("apiBaseUrl", slack.apiBaseUrl()).put("streaming", true)));
    dedupe = new InMemoryDedupeLog();
    gate = ChannelGate.create(options.common(), new MessagesConfig(MessagesConfig.DEFAULT_MAX_AGE_SECONDS,
            MessagesConfig.DEFAULT_PER_SENDER_PER_MINUTE), dedupe, store.pairing(), Clock.systemUTC());
    deployChannel();
  }

  private String deployChannel() {
    return vertx.deployVerticle(new SlackVerticle(new WebhookRoutes(), options, gate, dedupe, store.inbox(),
        store.outbox(), Clock.systemUTC()).streamingReplies(50, store.previews())).await();
  }

  /**
   * The channel stops between the preview and the final, as a bridge that dies would (its messages
   * in memory are gone), and a new one starts on the same store.
   */
  private void restartChannel() {
    String running = vertx.deploymentIDs().iterator().next();
    vertx.undeploy(running).await();
    deployChannel();
  }

  private void piece(String chat, String thread, String text) {
    vertx.eventBus().send(Addresses.draft("slack"),
        new DraftPiece("slack:Ev1", FakeSlackServer.TEAM_ID, chat, thread, "U2147483697", text).toJson());
  }

  private void reply(String chat, String thread, String text) {
    reply("slack:Ev1", chat, thread, text);
  }

  private void reply(String inboundId, String chat, String thread, String text) {
    vertx.eventBus().send(Addresses.outbound("slack"),
        new Reply(inboundId, FakeSlackServer.TEAM_ID, chat, thread, text, "local/m", null).toJson());
  }

  /** The router will not send the reply to {@code slack:Ev1}: a person took the session while the model wrote it. */
  private void withheld(String chat, String thread) {
    vertx.eventBus().send(Addresses.withheld("slack"),
        new Reply("slack:Ev1", FakeSlackServer.TEAM_ID, chat, thread, "", null, null).toJson());
  }

  /**
   * Returns once the ledger keeps {@code previews} previews. It is written after Slack answered the last call,
   * which nothing else waits for, so it is looked at until then, for at most {@link #AWAIT_SECONDS}.
   */
  private void awaitKept(int previews) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
    while (store.previews().unfinished("slack").await().size() != previews) {
      assertTrue(System.nanoTime() < deadline, "not " + previews + " previews kept after " + AWAIT_SECONDS + " s");
    }
  }

  /** The previews still kept once the chat's replies before a new one were all sent (its lane is in order). */
  private List<ShownPreview> keptAfterTheChatsReplies(String chat, String thread) {
    int posted = slack.postedMessages().size();
    reply("slack:Ev2", chat, thread, "Next.");
    slack.awaitPosted(posted + 1).await();
    return store.previews().unfinished("slack").await();
  }

  @Test
  void aThreadReplyStreamsAndStopsInOneMessage() {
    piece(CHANNEL, THREAD, "Hel");
    JsonObject started = slack.awaitRequests("chat.startStream", 1).await().get(0).params();
    assertEquals(THREAD, started.getString("thread_ts"));
    assertEquals("U2147483697", started.getString("recipient_user_id"));
    assertEquals(FakeSlackServer.TEAM_ID, started.getString("recipient_team_id"));
    piece(CHANNEL, THREAD, "lo wor");
    slack.awaitRequests("chat.appendStream", 1).await();
    piece(CHANNEL, THREAD, "ld!");
    reply(CHANNEL, THREAD, "Hello world!");
    slack.awaitRequests("chat.stopStream", 1).await();
    assertEquals(List.of("Hello world!"), List.copyOf(slack.visibleMessages().values()));
    assertTrue(slack.requests("chat.postMessage").isEmpty());
  }

  @Test
  void aTopLevelDmIsPostedThenEditedIntoTheFinalReply() {
    piece(DM, null, "Hel");
    slack.awaitRequests("chat.postMessage", 1).await();
    piece(DM, null, "lo");
    reply(DM, null, "Hello world!");
    List<FakeSlackServer.Request> edits = awaitEditTo("Hello world!");
    assertEquals(List.of("Hello world!"), List.copyOf(slack.visibleMessages().values()));
    assertEquals(1, slack.requests("chat.postMessage").size());
    assertTrue(edits.size() >= 1);
  }

  @Test
  void aWorkspaceWithoutStreamsGetsPostAndEdit() {
    slack.refuseStreaming();
    piece(CHANNEL, THREAD, "Hello");
    slack.awaitRequests("chat.postMessage", 1).await();
    reply(CHANNEL, THREAD, "Hello world!");
    awaitEditTo("Hello world!");
    assertEquals(List.of("Hello world!"), List.copyOf(slack.visibleMessages().values()));
  }

  @Test
  void aFinalThatIsNotTheStreamedTextReplacesIt() {
    piece(CHANNEL, THREAD, "Hello");
    slack.awaitRequests("chat.startStream", 1).await();
    reply(CHANNEL, THREAD, "Sorry, something went wrong.");
    awaitEditTo("Sorry, something went wrong.");
    assertEquals(List.of("Sorry, something went wrong."), List.copyOf(slack.visibleMessages().values()));
  }

  @Test
  void aStreamLeftOpenByADeadRunIsStoppedAndTheReplyWrittenAgainLandsInIt() {
    piece(CHANNEL, THREAD, "Half ");
    String streamedIn = slack.awaitRequests("chat.startStream", 1).await().get(0).params().getString("channel");
    piece(CHANNEL, THREAD, "an ans");
    // Appended only once the first preview was answered, and so kept.
    slack.awaitRequests("chat.appendStream", 1).await();
    assertEquals(1, store.previews().unfinished("slack").await().size(), "kept once the stream started");
    restartChannel();

    piece(CHANNEL, THREAD, "The whole");
    awaitEditTo("The whole");
    reply(CHANNEL, THREAD, "The whole answer, written again.");
    awaitEditTo("The whole answer, written again.");
    assertEquals(List.of("The whole answer, written again."), List.copyOf(slack.visibleMessages().values()),
        "one message, holding the final text");
    assertEquals(1, slack.requests("chat.startStream").size(), "no second stream");
    assertTrue(slack.requests("chat.postMessage").isEmpty(), "no second message");
    assertEquals(CHANNEL, streamedIn);
    assertEquals(List.of(), keptAfterTheChatsReplies(CHANNEL, THREAD), "forgotten once the final landed");
  }

  @Test
  void aPostedPreviewLeftByADeadRunGetsTheFinalFromTheOutboxAndTheRestIsPosted() {
    piece(DM, null, "Hel");
    slack.awaitRequests("chat.postMessage", 1).await();
    piece(DM, null, "lo");
    awaitEditTo("Hello");
    restartChannel();

    String paragraph = "x".repeat(1_500);
    reply(DM, null, paragraph + "\n\n" + paragraph + "\n\n" + paragraph);
    List<JsonObject> posted = slack.awaitPosted(2).await();
    awaitEditTo(paragraph + "\n\n" + paragraph);
    assertEquals(2, posted.size());
    assertEquals(paragraph, posted.get(1).getString("text"), "the rest follows as usual");
    assertEquals(List.of(paragraph + "\n\n" + paragraph, paragraph), List.copyOf(slack.visibleMessages().values()));
    assertEquals(List.of(), keptAfterTheChatsReplies(DM, null));
  }

  @Test
  void aStreamWhoseReplyWillNotComeIsStoppedDeletedAndForgotten() {
    piece(CHANNEL, THREAD, "Your order ");
    slack.awaitRequests("chat.startStream", 1).await();
    piece(CHANNEL, THREAD, "ships tod");
    slack.awaitRequests("chat.appendStream", 1).await();

    withheld(CHANNEL, THREAD);

    slack.awaitRequests("chat.delete", 1).await();
    assertEquals(1, slack.requests("chat.stopStream").size(), "stopped before it is deleted");
    assertEquals(Map.of(), slack.visibleMessages(), "the customer is not left with the bot's half answer");
    awaitKept(0);
  }

  @Test
  void aPostedPreviewLeftByADeadRunWhoseReplyWillNotComeIsDeletedAndForgotten() {
    piece(DM, null, "Your order");
    slack.awaitRequests("chat.postMessage", 1).await();
    // The run dies once the preview is kept: one that died before could not know of the message.
    awaitKept(1);
    restartChannel();

    withheld(DM, null);

    slack.awaitRequests("chat.delete", 1).await();
    assertEquals(Map.of(), slack.visibleMessages());
    awaitKept(0);
  }

  /** Waits for the {@code chat.update} that sets {@code text}; every update before it is returned too. */
  private List<FakeSlackServer.Request> awaitEditTo(String text) {
    for (int count = 1; ; count++) {
      List<FakeSlackServer.Request> edits = slack.awaitRequests("chat.update", count).await();
      if (text.equals(edits.get(count - 1).params().getString("text"))) {
        return edits;
      }
    }
  }
}

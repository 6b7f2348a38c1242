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

  @TempDir
  Path dir;

  private Vertx vertx;
  private FakeSlackServer slack;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    slack = FakeSlackServer.start(vertx).await();
    SqliteStore store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await();
    SlackOptions options = SlackOptions.from(ConfigNode.of(new JsonObject().put("botToken", FakeSlackServer.TOKEN)
        .put("signingSecret", "secret").put("apiBaseUrl", slack.apiBaseUrl()).put("streaming", true)));
    InMemoryDedupeLog dedupe = new InMemoryDedupeLog();
    ChannelGate gate = ChannelGate.create(options.common(), new MessagesConfig(MessagesConfig.DEFAULT_MAX_AGE_SECONDS,
            MessagesConfig.DEFAULT_PER_SENDER_PER_MINUTE), dedupe, store.pairing(), Clock.systemUTC());
    vertx.deployVerticle(new SlackVerticle(new WebhookRoutes(), options, gate, dedupe, store.inbox(), store.outbox(),
        Clock.systemUTC()).streamingReplies(50)).await();
  }

  private void piece(String chat, String thread, String text) {
    vertx.eventBus().send(Addresses.draft("slack"),
        new DraftPiece("slack:Ev1", FakeSlackServer.TEAM_ID, chat, thread, "U2147483697", text).toJson());
  }

  private void reply(String chat, String thread, String text) {
    vertx.eventBus().send(Addresses.outbound("slack"),
        new Reply("slack:Ev1", FakeSlackServer.TEAM_ID, chat, thread, text, "local/m", null).toJson());
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

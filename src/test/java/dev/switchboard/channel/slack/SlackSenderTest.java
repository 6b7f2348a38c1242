package dev.switchboard.channel.slack;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Reply;
import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.DmPolicy;
import dev.switchboard.fakes.FakeSlackServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SlackSenderTest {

  private static final Reply REPLY = new Reply("slack:Ev0LAN670R", FakeSlackServer.TEAM_ID, "C0LAN2Q65",
      "1515449522.000016", "unused: the sender gets formatted chunks", "lmstudio/minimax-m2.1-gs32", null);

  private FakeSlackServer slack;
  private SlackClient client;
  private SlackSender sender;

  @BeforeEach
  void start(Vertx vertx) {
    slack = FakeSlackServer.start(vertx).await();
    client = new SlackClient(vertx, new SlackOptions(FakeSlackServer.TOKEN, "secret", slack.apiBaseUrl(), 1_000, 3,
        10, 30, ChannelOptions.defaults(DmPolicy.OPEN), List.of()));
    sender = new SlackSender(client, vertx.eventBus());
  }

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void postsEveryChunkInOrderInTheReplysThread() {
    sender.send(REPLY, List.of("one", "two", "three")).await();
    List<JsonObject> posted = slack.postedMessages();
    assertEquals(List.of("one", "two", "three"), posted.stream().map(m -> m.getString("text")).toList());
    posted.forEach(m -> {
      assertEquals("C0LAN2Q65", m.getString("channel"));
      assertEquals("1515449522.000016", m.getString("thread_ts"));
    });
  }

  @Test
  void aFinalErrorStopsTheReplyAndIsReportedOnTheEventsAddress(Vertx vertx, VertxTestContext ctx) {
    Promise<JsonObject> reported = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, event -> reported.tryComplete(event.body()))
        .completion().await();
    slack.answerNormallyNext().failNext("is_archived");
    sender.send(REPLY, List.of("one", "two", "three")).onComplete(ctx.failing(failure -> reported.future()
        .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
          assertEquals("is_archived", ((SlackApiException) failure).error());
          assertEquals(List.of("one"), slack.postedMessages().stream().map(m -> m.getString("text")).toList());
          assertEquals(2, slack.requests().size(), "the third chunk is not attempted");
          assertEquals(new JsonObject().put("type", "delivery_failed").put("channel", "slack")
              .put("error", "is_archived").put("inboundId", "slack:Ev0LAN670R").put("chatId", "C0LAN2Q65")
              .put("chunksSent", 1).put("chunks", 3), event);
          ctx.completeNow();
        })))));
  }
}

package dev.switchboard.channel.slack;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Reply;
import dev.switchboard.channel.InMemoryDedupeLog;
import dev.switchboard.fakes.FakeSlackServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replies on {@code switchboard.outbound.slack}, as they reach Slack. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class SlackDeliveryTest {

  private static final String THREAD = "1515449522.000016";

  @Test
  void aReplyIsPostedAsMrkdwnChunksInTheThread(Vertx vertx, @TempDir Path dir) {
    SlackChannelHarness harness = started(vertx, new JsonObject(), dir);
    String paragraph = "The **Danube** flows through [ten countries](https://en.wikipedia.org/wiki/Danube) & "
        + "ends in the Black Sea. ".repeat(20);
    String text = "## Rivers\n\n" + (paragraph + "\n\n").repeat(12);
    vertx.eventBus().send(Addresses.outbound("slack"), reply("C0LAN2Q65", THREAD, text).toJson());

    List<JsonObject> posted = harness.webApi().awaitPosted(2).await();
    posted.forEach(message -> {
      assertEquals("C0LAN2Q65", message.getString("channel"));
      assertEquals(THREAD, message.getString("thread_ts"));
      assertTrue(message.getString("text").length() <= 4000, "chunk of " + message.getString("text").length());
    });
    String first = posted.get(0).getString("text");
    assertTrue(first.startsWith("*Rivers*"), first);
    assertTrue(first.contains("The *Danube* flows through <https://en.wikipedia.org/wiki/Danube|ten countries> &amp; "),
        first);
    assertFalse(first.contains("**"));
  }

  @Test
  void aDirectMessageReplyStaysOutOfThreads(Vertx vertx, @TempDir Path dir) {
    SlackChannelHarness harness = started(vertx, new JsonObject(), dir);
    vertx.eventBus().send(Addresses.outbound("slack"), reply("D024BE91L", null, "About 2,850 km.").toJson());
    JsonObject posted = harness.webApi().awaitPosted(1).await().get(0);
    assertEquals("About 2,850 km.", posted.getString("text"));
    assertFalse(posted.containsKey("thread_ts"));
  }

  @Test
  void aReplySlackRefusesIsReportedAsADeliveryFailure(Vertx vertx, @TempDir Path dir) {
    SlackChannelHarness harness = started(vertx, new JsonObject(), dir);
    Promise<JsonObject> reported = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, event -> reported.tryComplete(event.body()))
        .completion().await();
    harness.webApi().failNext("not_in_channel");
    vertx.eventBus().send(Addresses.outbound("slack"), reply("C0SECRET1", THREAD, "hello").toJson());
    JsonObject event = reported.future().await();
    assertEquals("delivery_failed", event.getString("type"));
    assertEquals("slack", event.getString("channel"));
    assertEquals("not_in_channel", event.getString("error"));
    assertTrue(harness.webApi().postedMessages().isEmpty());
  }

  @Test
  void serverErrorsAreRetriedUpToMaxAttemptsThenReportedAsADeliveryFailure(Vertx vertx, @TempDir Path dir) {
    SlackChannelHarness harness = started(vertx, new JsonObject().put("retry", new JsonObject()
        .put("maxAttempts", 2).put("initialBackoffMs", 10).put("maxBackoffMs", 20)), dir);
    Promise<JsonObject> reported = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, event -> reported.tryComplete(event.body()))
        .completion().await();
    harness.webApi().serverErrorNext(503).serverErrorNext(500).serverErrorNext(502);

    vertx.eventBus().send(Addresses.outbound("slack"), reply("C0LAN2Q65", THREAD, "hello").toJson());

    JsonObject event = reported.future().await();
    assertEquals("delivery_failed", event.getString("type"));
    assertEquals("http_500", event.getString("error"));
    assertEquals("slack:Ev0LAN670R", event.getString("inboundId"));
    assertEquals(2, harness.webApi().requests("chat.postMessage").size(), "retry.maxAttempts is 2");
    assertTrue(harness.webApi().postedMessages().isEmpty());
  }

  @Test
  void aFinalErrorStopsTheRestOfTheReplyAndReportsHowFarItGot(Vertx vertx, @TempDir Path dir) {
    SlackChannelHarness harness = started(vertx, new JsonObject().put("textChunkLimit", 100), dir);
    List<String> paragraphs = List.of("one", "two", "three").stream()
        .map(word -> "Paragraph " + word + ", long enough that no two of them fit in one message.").toList();
    Promise<JsonObject> reported = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, event -> reported.tryComplete(event.body()))
        .completion().await();
    harness.webApi().answerNormallyNext().failNext("is_archived");

    vertx.eventBus().send(Addresses.outbound("slack"), reply("C0LAN2Q65", THREAD, String.join("\n\n", paragraphs)).toJson());

    JsonObject event = reported.future().await();
    assertEquals(new JsonObject().put("type", "delivery_failed").put("channel", "slack")
        .put("error", "is_archived").put("inboundId", "slack:Ev0LAN670R").put("chatId", "C0LAN2Q65")
        .put("chunksSent", 1).put("chunks", 3).put("reason", event.getString("reason")), event);
    assertTrue(event.getString("reason").contains("is_archived"), event.getString("reason"));
    assertEquals(paragraphs.subList(0, 1), harness.webApi().postedMessages().stream().map(m -> m.getString("text"))
        .toList());
    assertEquals(2, harness.webApi().requests("chat.postMessage").size(), "the third chunk is not attempted");
  }

  @Test
  void anUnknownSenderUnderPairingGetsTheCodeInsteadOfAnAnswer(Vertx vertx, @TempDir Path dir) throws Exception {
    SlackChannelHarness harness = started(vertx, new JsonObject().put("dmPolicy", "pairing"), dir);
    harness.events().deliver(SlackFixtures.sentAt("message_im", System.currentTimeMillis() / 1000)).await();
    JsonObject posted = harness.webApi().awaitPosted(1).await().get(0);
    assertEquals("D024BE91L", posted.getString("channel"));
    assertTrue(posted.getString("text").contains("pairing code"), posted.getString("text"));
  }

  private static SlackChannelHarness started(Vertx vertx, JsonObject section, Path dir) {
    return SlackChannelHarness.start(vertx, section, new InMemoryDedupeLog(), dir);
  }

  private static Reply reply(String chatId, String threadId, String text) {
    return new Reply("slack:Ev0LAN670R", FakeSlackServer.TEAM_ID, chatId, threadId, text, "lmstudio/minimax-m2.1-gs32",
        null);
  }
}

package dev.switchboard.channel.slack;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.store.DedupeLog;
import dev.switchboard.channel.InMemoryDedupeLog;
import dev.switchboard.fakes.FakeSlackEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed Slack deliveries into a running gateway: what reaches the router on {@code switchboard.inbound}
 * and what Slack gets back. "Nothing published" is shown by delivering a fresh message afterwards and
 * seeing that it is the next one to arrive.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class SlackWebhookTest {

  private Vertx vertx;
  private Path dir;
  private SlackChannelHarness harness;
  private long now;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    this.dir = dir;
    this.now = System.currentTimeMillis() / 1000;
  }

  @Test
  void answersUrlVerificationWithTheChallenge() {
    FakeSlackEvents.Attempt answer = single(started().events().deliver(SlackFixtures.json("url_verification")));
    assertEquals(200, answer.status());
    assertEquals("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", answer.body());
  }

  @Test
  void aSignedMentionReachesTheRouter() throws InterruptedException {
    assertEquals(200, single(started().events().deliver(SlackFixtures.sentAt("app_mention", now))).status());
    InboundMessage message = harness.nextInbound();
    assertEquals("slack:Ev0LAN670R", message.id());
    assertEquals("is it everything a river should be?", message.text());
    assertEquals(ChatType.GROUP, message.chatType());
    assertEquals("C0LAN2Q65", message.chatId());
    assertEquals("U061F7AUR", message.senderId());
    assertEquals(now + ".000016", message.threadId());
    assertEquals("T123ABC456", message.accountId());
  }

  @Test
  void aDirectMessageReachesTheRouter() throws InterruptedException {
    started().events().deliver(SlackFixtures.sentAt("message_im", now)).await();
    InboundMessage message = harness.nextInbound();
    assertEquals(ChatType.DM, message.chatType());
    assertEquals("D024BE91L", message.chatId());
  }

  @Test
  void aMentionDeliveredAlsoAsAMessageEventIsPublishedOnce() throws InterruptedException {
    List<FakeSlackEvents.Attempt> attempts = started().events()
        .deliverMention(SlackFixtures.sentAt("app_mention", now), "Ev0LAN671S").await();
    assertEquals(List.of(200, 200), attempts.stream().map(FakeSlackEvents.Attempt::status).toList());
    assertEquals("slack:Ev0LAN670R", harness.nextInbound().id());
    assertNextIsAFreshMessage();
  }

  @Test
  void theSameMessageUnderAnotherEventIdIsNotPublishedAgain() throws InterruptedException {
    started().events().deliver(SlackFixtures.sentAt("app_mention", now)).await();
    assertEquals("slack:Ev0LAN670R", harness.nextInbound().id());
    JsonObject sameMessage = SlackFixtures.sentAt("app_mention", now).put("event_id", "Ev0LAN699Z");
    assertEquals(200, single(harness.events().deliver(sameMessage)).status());
    assertNextIsAFreshMessage();
  }

  @Test
  void aRetryOfAnAcceptedEventIsAcknowledgedAndNotPublished() throws InterruptedException {
    JsonObject mention = SlackFixtures.sentAt("app_mention", now);
    started().events().deliver(mention).await();
    assertEquals("slack:Ev0LAN670R", harness.nextInbound().id());
    assertEquals(200, harness.events().post(mention.encode(), 1, "http_timeout").await().status());
    assertNextIsAFreshMessage();
  }

  @Test
  void aRetryOfAnEventNeverAcceptedIsProcessed() throws InterruptedException {
    started().events().post(SlackFixtures.sentAt("app_mention", now).encode(), 2, "connection_failed").await();
    assertEquals("slack:Ev0LAN670R", harness.nextInbound().id());
  }

  @Test
  void aDeliveryTheBridgeCouldNotRecordIsRetriedBySlackAndPublishedOnce() throws InterruptedException {
    DedupeLog log = new InMemoryDedupeLog();
    AtomicBoolean down = new AtomicBoolean(true);
    DedupeLog failingOnce = new DedupeLog() {
      @Override
      public Future<Boolean> firstSighting(String id) {
        return down.getAndSet(false) ? Future.failedFuture("store unavailable") : log.firstSighting(id);
      }

      @Override
      public void forget(String id) {
        log.forget(id);
      }
    };
    harness = SlackChannelHarness.start(vertx, new JsonObject(), failingOnce, dir);
    List<FakeSlackEvents.Attempt> attempts = harness.events().deliver(SlackFixtures.sentAt("app_mention", now)).await();
    assertEquals(List.of(503, 200), attempts.stream().map(FakeSlackEvents.Attempt::status).toList());
    assertEquals("slack:Ev0LAN670R", harness.nextInbound().id());
    assertNextIsAFreshMessage();
  }

  @Test
  void theBotsOwnMessagesEditsAndStaleEventsAreAcknowledgedAndDropped() throws InterruptedException {
    FakeSlackEvents events = started().events();
    assertEquals(200, single(events.deliver(SlackFixtures.sentAt("message_bot", now))).status());
    assertEquals(200, single(events.deliver(SlackFixtures.sentAt("message_changed", now))).status());
    assertEquals(200, single(events.deliver(SlackFixtures.json("app_mention_in_thread"))).status(), "sent in 2018");
    assertNextIsAFreshMessage();
  }

  @Test
  void requestsWithoutAValidSignatureAreRefused() throws InterruptedException {
    started();
    int unsigned = WebClient.create(vertx).post(harness.port(), "127.0.0.1", SlackVerticle.WEBHOOK_PATH)
        .sendJsonObject(SlackFixtures.sentAt("app_mention", now)).await().statusCode();
    assertEquals(401, unsigned);
    int empty = WebClient.create(vertx).post(harness.port(), "127.0.0.1", SlackVerticle.WEBHOOK_PATH)
        .putHeader("X-Slack-Request-Timestamp", String.valueOf(now))
        .putHeader("X-Slack-Signature", "v0=00").send().await().statusCode();
    assertEquals(401, empty, "an empty body is refused, not a 500");
    FakeSlackEvents otherApp = harness.eventsSignedWith(vertx, "another-apps-secret");
    assertEquals(401, otherApp.post(SlackFixtures.sentAt("app_mention", now).encode(), 0, null).await().status());
    assertNextIsAFreshMessage();
  }

  @Test
  void aSignedBodyThatIsNotJsonIsABadRequestSlackShouldNotRetry() {
    FakeSlackEvents.Attempt answer = single(started().events().deliver("{\"type\": \"event_callback\","));
    assertEquals(400, answer.status());
    assertTrue(answer.noRetry());
  }

  private SlackChannelHarness started() {
    harness = SlackChannelHarness.start(vertx, new JsonObject(), new InMemoryDedupeLog(), dir);
    return harness;
  }

  private static FakeSlackEvents.Attempt single(Future<List<FakeSlackEvents.Attempt>> delivery) {
    List<FakeSlackEvents.Attempt> attempts = delivery.await();
    assertEquals(1, attempts.size(), "Slack had to retry: " + attempts);
    return attempts.get(0);
  }

  /** Delivers a message never seen before and checks it is the next thing published. */
  private void assertNextIsAFreshMessage() throws InterruptedException {
    harness.events().deliver(SlackFixtures.sentAt("message_im", now)).await();
    assertEquals("slack:Ev0LAN690B", harness.nextInbound().id(), "something else was published first");
  }
}

package dev.switchboard.channel.telegram;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.delivery.RetryPolicy;
import dev.switchboard.channel.delivery.SendPermit;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeTelegramServer.Call;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How replies reach Telegram, against a fake Bot API that fails on demand. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class TelegramSenderTest {

  private static final String TOKEN = "123456:TEST-token_abc";
  private static final long CHAT = -1_001_234_567_890L;

  private FakeTelegramServer fake;
  private TelegramClient client;
  private TelegramSender sender;

  @BeforeEach
  void start(Vertx vertx) {
    fake = FakeTelegramServer.start(vertx, TOKEN).await();
    TelegramOptions options = new TelegramOptions(TOKEN, "hook", fake.baseUrl(), 1_000, new RetryPolicy(3, 10, 1_000, 5_000),
        ChannelOptions.defaults(DmPolicy.OPEN), List.of());
    client = new TelegramClient(vertx, options);
    sender = new TelegramSender(vertx, client, options);
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close().await();
  }

  /** Sends {@code html} quoting message 42, with "plain " + html as the plain-text fallback. */
  private Future<Long> send(Long threadId, String html) {
    return send(threadId, html, SendPermit.ALWAYS);
  }

  private Future<Long> send(Long threadId, String html, SendPermit permit) {
    return sender.send(new OutgoingText(CHAT, threadId, html, OutgoingText.HTML, 42L), "plain " + html, permit);
  }

  /**
   * A chat's claim lost while the first attempt was on its way to Telegram (the attempt outlived the
   * lease, or a drain that ran out of time gave the chat back): another node holds the chunk from then on.
   */
  private SendPermit lostOnceTheFirstAttemptArrived() {
    return () -> Future.succeededFuture(fake.calls("sendMessage").isEmpty());
  }

  @Test
  void getMeLearnsTheBotsIdentity() {
    assertEquals(new BotIdentity(FakeTelegramServer.BOT_ID, FakeTelegramServer.BOT_USERNAME), client.getMe().await());
  }

  @Test
  void aWrongTokenIsATelegramError(Vertx vertx) {
    TelegramClient wrong = new TelegramClient(vertx,
        new TelegramOptions("999:WRONG", "hook", fake.baseUrl(), 1_000, new RetryPolicy(1, 10, 1_000, 5_000),
            ChannelOptions.defaults(DmPolicy.OPEN), List.of()));
    TelegramApiException failure = assertInstanceOf(TelegramApiException.class, failureOf(wrong.getMe()));
    assertEquals(401, failure.errorCode());
    wrong.close();
  }

  @Test
  void aChunkGoesAsHtmlToItsTopicQuotingTheInboundMessage() {
    assertEquals(1000L, send(7L, "<b>4</b>").await(), "the new message's id");
    JsonObject body = fake.calls("sendMessage").get(0).body();
    assertEquals(new JsonObject().put("chat_id", CHAT).put("text", "<b>4</b>").put("parse_mode", "HTML")
        .put("message_thread_id", 7).put("reply_parameters", new JsonObject().put("message_id", 42)
            .put("allow_sending_without_reply", true))
        .put("link_preview_options", new JsonObject().put("is_disabled", true)), body);
    assertEquals(List.of(), BotApiSpec.loadOrSkip().violationsOfMethod("sendMessage", body));
  }

  @Test
  void htmlTelegramCannotParseIsResentAsPlainText() {
    fake.failNext("sendMessage", FakeTelegramServer.cantParseEntities());
    send(7L, "<b>unclosed").await();
    List<Call> calls = fake.calls("sendMessage");
    assertEquals(2, calls.size());
    JsonObject resent = calls.get(1).body();
    assertEquals("plain <b>unclosed", resent.getString("text"));
    assertFalse(resent.containsKey("parse_mode"));
    assertEquals(7, resent.getInteger("message_thread_id"));
  }

  @Test
  void htmlTelegramCannotParseIsNotResentOnceTheChatWasTakenOver() {
    fake.failNext("sendMessage", FakeTelegramServer.cantParseEntities());
    Throwable stopped = failureOf(send(7L, "<b>unclosed", lostOnceTheFirstAttemptArrived()));
    assertInstanceOf(SendPermit.Withdrawn.class, stopped);
    assertEquals(1, fake.calls("sendMessage").size(), "the plain text is the next holder's to send");
  }

  @Test
  void aRateLimitIsWaitedOutForRetryAfterSeconds() {
    fake.failNext("sendMessage", FakeTelegramServer.tooManyRequests(1));
    send(null, "hello").await();
    List<Call> calls = fake.calls("sendMessage");
    assertEquals(2, calls.size());
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(calls.get(1).receivedAtNanos() - calls.get(0).receivedAtNanos());
    assertTrue(waitedMs >= 950, "retried after " + waitedMs + " ms, Telegram asked for 1 s");
    assertEquals(calls.get(0).body(), calls.get(1).body());
  }

  @Test
  void aRateLimitLongerThanAcceptableIsGivenUp() {
    fake.failNext("sendMessage", FakeTelegramServer.tooManyRequests(35));
    assertEquals(429, assertInstanceOf(TelegramApiException.class, failureOf(send(null, "x")))
        .errorCode());
    assertEquals(1, fake.calls("sendMessage").size());
  }

  @Test
  void aRateLimitWithoutRetryAfterTakesThePolicysBackoff() {
    fake.failNext("sendMessage", FakeTelegramServer.tooManyRequestsWithoutWait());
    send(null, "hello").await();
    List<Call> calls = fake.calls("sendMessage");
    assertEquals(2, calls.size());
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(calls.get(1).receivedAtNanos() - calls.get(0).receivedAtNanos());
    assertTrue(waitedMs >= 5, "retried after " + waitedMs + " ms, before half the first 10 ms backoff");
  }

  @Test
  void aBlockedBotIsFinal() {
    fake.failNext("sendMessage", FakeTelegramServer.blockedByUser());
    TelegramApiException failure = assertInstanceOf(TelegramApiException.class, failureOf(send(null, "one")));
    assertEquals(403, failure.errorCode());
    assertTrue(failure.getMessage().contains("bot was blocked by the user"), failure.getMessage());
    assertEquals(1, fake.calls("sendMessage").size(), "a 403 is not retried");
  }

  @Test
  void serverErrorsAreRetriedAFewTimesThenGivenUp() {
    fake.failNext("sendMessage", FakeTelegramServer.serverError());
    send(null, "first").await();
    assertEquals(2, fake.calls("sendMessage").size());

    fake.failNext("sendMessage", FakeTelegramServer.serverError()).failNext("sendMessage", FakeTelegramServer.serverError())
        .failNext("sendMessage", FakeTelegramServer.serverError());
    assertEquals(502, assertInstanceOf(TelegramApiException.class, failureOf(send(null, "second")))
        .errorCode());
    assertEquals(2 + 3, fake.calls("sendMessage").size(), "retry.maxAttempts is 3");
  }

  @Test
  void aMigratedGroupGetsThisAndLaterRepliesAndTypingAtItsNewId() {
    long supergroup = -1_009_999_999_999L;
    fake.failNext("sendMessage", FakeTelegramServer.migratedTo(supergroup));
    send(null, "one").await();
    send(null, "two").await();
    sender.sendTyping(CHAT, null).await();
    List<Call> calls = fake.calls("sendMessage");
    assertEquals(List.of(CHAT, supergroup, supergroup),
        calls.stream().map(call -> call.body().getLong("chat_id")).toList());
    assertEquals(supergroup, fake.calls("sendChatAction").get(0).body().getLong("chat_id"));
  }

  @Test
  void aMigratedGroupIsNotSentToOnceTheChatWasTakenOverButItsNewIdIsKept() {
    long supergroup = -1_009_999_999_999L;
    fake.failNext("sendMessage", FakeTelegramServer.migratedTo(supergroup));
    Throwable stopped = failureOf(send(null, "one", lostOnceTheFirstAttemptArrived()));
    assertInstanceOf(SendPermit.Withdrawn.class, stopped);
    assertEquals(1, fake.calls("sendMessage").size(), "the message is the next holder's to send");
    assertEquals(supergroup, sender.currentChatId(CHAT));
  }

  @Test
  void aRequestThatTimedOutIsNeverSentAgainAndTheTokenStaysOutOfTheError() {
    fake.failNext("sendMessage", FakeTelegramServer.noAnswer());
    Throwable failure = failureOf(send(null, "maybe posted"));
    assertInstanceOf(TelegramTransportException.class, failure);
    assertFalse(failure.getMessage().contains(TOKEN), failure.getMessage());
    assertEquals(1, fake.calls("sendMessage").size());
  }

  @Test
  void typingIsShownInTheTopic() {
    sender.sendTyping(CHAT, 7L).await();
    JsonObject body = fake.calls("sendChatAction").get(0).body();
    assertEquals(new JsonObject().put("chat_id", CHAT).put("action", "typing").put("message_thread_id", 7), body);
    assertEquals(List.of(), BotApiSpec.loadOrSkip().violationsOfMethod("sendChatAction", body));
  }

  private static Throwable failureOf(Future<?> future) {
    AsyncResult<?> outcome = future.<AsyncResult<?>>transform(Future::succeededFuture).await();
    assertTrue(outcome.failed(), "expected a failure, got " + outcome.result());
    return outcome.cause();
  }
}

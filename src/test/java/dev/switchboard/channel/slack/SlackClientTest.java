package dev.switchboard.channel.slack;

import dev.switchboard.channel.ChannelOptions;
import dev.switchboard.channel.delivery.RetryPolicy;
import dev.switchboard.channel.delivery.SendPermit;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.fakes.ClosedPort;
import dev.switchboard.fakes.FakeSlackServer;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SlackClientTest {

  private static final long REQUEST_TIMEOUT_MS = 300;
  private static final long BACKOFF_MS = 20;

  private FakeSlackServer slack;
  private SlackClient client;

  @BeforeEach
  void start(Vertx vertx) {
    slack = FakeSlackServer.start(vertx).await();
    client = new SlackClient(vertx, options(FakeSlackServer.TOKEN, slack.apiBaseUrl()));
  }

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void authTestLearnsTheBotsIdentity() {
    SlackIdentity identity = client.authTest().await();
    assertEquals(new SlackIdentity(FakeSlackServer.BOT_USER_ID, FakeSlackServer.BOT_ID, FakeSlackServer.TEAM_ID,
        "Switchboard Test"), identity);
  }

  @Test
  void postsJsonInTheThreadWithTheBearerTokenAndNoLinkPreviews() {
    String ts = client.postMessage("C0LAN2Q65", "1515449522.000016", "*Yes*, it is.", SendPermit.ALWAYS).await();
    FakeSlackServer.Request request = slack.requests("chat.postMessage").get(0);
    assertEquals("Bearer " + FakeSlackServer.TOKEN, request.headers().get("Authorization"));
    assertTrue(request.headers().get("Content-Type").startsWith("application/json"));
    assertEquals(new JsonObject().put("channel", "C0LAN2Q65").put("text", "*Yes*, it is.").put("unfurl_links", false)
        .put("thread_ts", "1515449522.000016"), request.params());
    assertEquals("*Yes*, it is.", slack.postedMessages().get(0).getString("text"));
    assertFalse(ts.isEmpty());
  }

  @Test
  void aTopLevelMessageHasNoThread() {
    client.postMessage("D024BE91L", null, "hello", SendPermit.ALWAYS).await();
    assertFalse(slack.postedMessages().get(0).containsKey("thread_ts"));
  }

  @Test
  void waitsRetryAfterSecondsWhenRateLimitedThenPostsOnce() {
    slack.rateLimitNext(1);
    client.postMessage("C0LAN2Q65", null, "after the pause", SendPermit.ALWAYS).await();
    List<FakeSlackServer.Request> attempts = slack.requests("chat.postMessage");
    assertEquals(2, attempts.size());
    long waitedMs = attempts.get(1).atMillis() - attempts.get(0).atMillis();
    assertTrue(waitedMs >= 1000, "retried after " + waitedMs + " ms, before Retry-After elapsed");
    assertEquals(List.of("after the pause"), slack.postedMessages().stream().map(m -> m.getString("text")).toList());
  }

  @Test
  void anOkFalseErrorIsFinalAndNotRetried(VertxTestContext ctx) {
    slack.failNext("channel_not_found");
    client.postMessage("C404", null, "hello", SendPermit.ALWAYS).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertEquals("channel_not_found", assertInstanceOf(SlackApiException.class, failure).error());
      assertEquals(1, slack.requests().size());
      assertTrue(slack.postedMessages().isEmpty());
      ctx.completeNow();
    })));
  }

  @Test
  void aRejectedTokenIsReportedAsInvalidAuth(Vertx vertx, VertxTestContext ctx) {
    SlackClient wrongToken = new SlackClient(vertx, options("xoxb-revoked", slack.apiBaseUrl()));
    wrongToken.authTest().onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertEquals("invalid_auth", assertInstanceOf(SlackApiException.class, failure).error());
      wrongToken.close();
      ctx.completeNow();
    })));
  }

  @Test
  void retriesAServerErrorWithBackoff() {
    slack.serverErrorNext(503).serverErrorNext(500);
    client.postMessage("C0LAN2Q65", null, "third time lucky", SendPermit.ALWAYS).await();
    List<FakeSlackServer.Request> attempts = slack.requests("chat.postMessage");
    assertEquals(3, attempts.size());
    // Equal jitter: the second wait is at least half its nominal 2 × 20 ms.
    assertTrue(attempts.get(2).atMillis() - attempts.get(1).atMillis() >= 20, "second backoff under its floor");
    assertEquals(1, slack.postedMessages().size());
  }

  @Test
  void givesUpAfterTheLastAttempt(VertxTestContext ctx) {
    slack.rateLimitNext(0).rateLimitNext(0).rateLimitNext(0);
    client.postMessage("C0LAN2Q65", null, "never", SendPermit.ALWAYS).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertEquals("ratelimited", assertInstanceOf(SlackApiException.class, failure).error());
      assertEquals(3, slack.requests().size(), "three attempts by default");
      ctx.completeNow();
    })));
  }

  @Test
  void aRetryAfterLongerThanAllowedFailsWithoutWaiting(VertxTestContext ctx) {
    slack.rateLimitNext(3600);
    client.postMessage("C0LAN2Q65", null, "later", SendPermit.ALWAYS).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertEquals("ratelimited", assertInstanceOf(SlackApiException.class, failure).error());
      assertEquals(1, slack.requests().size());
      ctx.completeNow();
    })));
  }

  @Test
  void anHttp400IsSentExactlyOnce(VertxTestContext ctx) {
    slack.serverErrorNext(400);
    client.postMessage("C0LAN2Q65", null, "malformed?", SendPermit.ALWAYS).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertEquals("http_400", assertInstanceOf(SlackApiException.class, failure).error());
      assertEquals(1, slack.requests().size());
      ctx.completeNow();
    })));
  }

  @Test
  void aSentRequestThatTimesOutIsNeverResent(VertxTestContext ctx) {
    slack.staySilentNext();
    client.postMessage("C0LAN2Q65", null, "maybe posted", SendPermit.ALWAYS).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertEquals("timeout", assertInstanceOf(SlackApiException.class, failure).error());
      assertEquals(1, slack.requests().size());
      ctx.completeNow();
    })));
  }

  @Test
  void aRefusedConnectionIsRetriedThenReported(Vertx vertx, VertxTestContext ctx) {
    SlackClient unreachable = new SlackClient(vertx, options(FakeSlackServer.TOKEN, ClosedPort.url() + "/api"));
    unreachable.postMessage("C0LAN2Q65", null, "hello", SendPermit.ALWAYS).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertEquals("unreachable", assertInstanceOf(SlackApiException.class, failure).error());
      assertFalse(failure.getMessage().contains(FakeSlackServer.TOKEN));
      unreachable.close();
      ctx.completeNow();
    })));
  }

  private static SlackOptions options(String token, String apiBaseUrl) {
    return new SlackOptions(token, "secret", apiBaseUrl, REQUEST_TIMEOUT_MS, new RetryPolicy(3, BACKOFF_MS,
        8 * BACKOFF_MS, 30_000), ChannelOptions.defaults(DmPolicy.OPEN), List.of());
  }
}

package dev.switchboard.fakes;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slack's own Java Web API client, pointed at the fake, checks that the fake speaks Slack's protocol
 * (form bodies, the {@code ok} envelope, 429 with {@code Retry-After}); the bridge's tests then rely on it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class FakeSlackServerTest {

  private FakeSlackServer fake;
  private Slack slack;

  @BeforeEach
  void start(Vertx vertx) {
    fake = FakeSlackServer.start(vertx).await();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(fake.apiBaseUrl() + "/");
    config.setStatsEnabled(false);
    slack = Slack.getInstance(config);
  }

  @AfterEach
  void stop() throws Exception {
    slack.close();
  }

  @Test
  void answersAuthTestAsSlackDoes() throws Exception {
    AuthTestResponse answer = methods(FakeSlackServer.TOKEN).authTest(r -> r);
    assertTrue(answer.isOk());
    assertEquals(FakeSlackServer.BOT_USER_ID, answer.getUserId());
    assertEquals(FakeSlackServer.BOT_ID, answer.getBotId());
    assertEquals(FakeSlackServer.TEAM_ID, answer.getTeamId());
  }

  @Test
  void acceptsAFormEncodedPostMessageAndRecordsIt() throws Exception {
    ChatPostMessageResponse answer = methods(FakeSlackServer.TOKEN)
        .chatPostMessage(r -> r.channel("C0LAN2Q65").threadTs("1515449522.000016").text("hi"));
    assertTrue(answer.isOk());
    assertEquals("1515449522.000016", answer.getMessage().getThreadTs());
    assertEquals("hi", fake.postedMessages().get(0).getString("text"));
    assertEquals("C0LAN2Q65", fake.postedMessages().get(0).getString("channel"));
  }

  @Test
  void reportsScriptedErrorsInTheOkEnvelope() throws Exception {
    fake.failNext("not_in_channel");
    ChatPostMessageResponse answer = methods(FakeSlackServer.TOKEN).chatPostMessage(r -> r.channel("C1").text("x"));
    assertFalse(answer.isOk());
    assertEquals("not_in_channel", answer.getError());
  }

  @Test
  void rejectsAWrongToken() throws Exception {
    assertEquals("invalid_auth", methods("xoxb-wrong").authTest(r -> r).getError());
  }

  @Test
  void rateLimitsWithRetryAfter() {
    fake.rateLimitNext(7);
    SlackApiException error = assertThrows(SlackApiException.class,
        () -> methods(FakeSlackServer.TOKEN).chatPostMessage(r -> r.channel("C1").text("x")));
    assertEquals(429, error.getResponse().code());
    assertEquals("7", error.getResponse().header("Retry-After"));
  }

  private MethodsClient methods(String token) {
    return slack.methods(token);
  }
}

package dev.switchboard.fakes;

import com.slack.api.app_backend.SlackSignature.Generator;
import com.slack.api.app_backend.SlackSignature.Verifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake Events API sender signs like Slack and retries like Slack. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class FakeSlackEventsTest {

  private static final String SECRET = "fake-events-secret";

  private final List<String> retryHeaders = new CopyOnWriteArrayList<>();
  private final List<Boolean> validSignatures = new CopyOnWriteArrayList<>();

  @Test
  void retriesUntilAcknowledgedWithRetryHeaders(Vertx vertx) {
    FakeSlackEvents slack = sender(vertx, 500, 503, 200);
    List<FakeSlackEvents.Attempt> attempts = slack.deliver(new JsonObject().put("type", "event_callback")).await();
    assertEquals(List.of(500, 503, 200), attempts.stream().map(FakeSlackEvents.Attempt::status).toList());
    assertEquals(List.of("-", "1 http_error", "2 http_error"), retryHeaders);
    assertEquals(List.of(true, true, true), validSignatures);
  }

  @Test
  void stopsAfterThreeRetries(Vertx vertx) {
    FakeSlackEvents slack = sender(vertx, 500, 500, 500, 500, 500);
    assertEquals(4, slack.deliver(new JsonObject()).await().size());
  }

  @Test
  void honoursNoRetry(Vertx vertx) {
    FakeSlackEvents slack = sender(vertx, 400);
    List<FakeSlackEvents.Attempt> attempts = slack.deliver("{bad").await();
    assertEquals(1, attempts.size());
    assertTrue(attempts.get(0).noRetry());
  }

  private FakeSlackEvents sender(Vertx vertx, Integer... statuses) {
    Deque<Integer> script = new ArrayDeque<>(List.of(statuses));
    Verifier verifier = new Verifier(new Generator(SECRET));
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      record(request, verifier, body.toString());
      int status = script.isEmpty() ? 200 : script.poll();
      if (status == 400) {
        request.response().putHeader("X-Slack-No-Retry", "1");
      }
      request.response().setStatusCode(status).end();
    })).listen(0, "127.0.0.1").await();
    return new FakeSlackEvents(vertx, "127.0.0.1", server.actualPort(), "/webhooks/slack", SECRET, 1);
  }

  private void record(HttpServerRequest request, Verifier verifier, String body) {
    String retry = request.getHeader("X-Slack-Retry-Num");
    retryHeaders.add(retry == null ? "-" : retry + " " + request.getHeader("X-Slack-Retry-Reason"));
    validSignatures.add(verifier.isValid(request.getHeader("X-Slack-Request-Timestamp"), body,
        request.getHeader("X-Slack-Signature")));
  }
}

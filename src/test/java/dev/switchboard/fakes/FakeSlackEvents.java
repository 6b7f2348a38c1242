package dev.switchboard.fakes;

import com.slack.api.app_backend.SlackSignature.Generator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;

/**
 * Slack's side of the Events API, as the bridge meets it: each delivery is a POST signed with Slack's
 * own {@link Generator} at the current time. A delivery that is not answered 2xx within
 * {@link #ACK_DEADLINE_MS} is retried with {@code X-Slack-Retry-Num} and {@code X-Slack-Retry-Reason},
 * at most {@link #MAX_RETRIES} times, unless the answer carried {@code X-Slack-No-Retry: 1}. Slack waits
 * about 0 s, 1 min and 5 min between attempts; the delays here are the caller's.
 */
public final class FakeSlackEvents {

  public static final long ACK_DEADLINE_MS = 3_000;
  public static final int MAX_RETRIES = 3;

  /**
   * One attempt: its retry number (0 for the first), the status the bridge answered (0: none), the
   * body, and whether the bridge asked Slack not to retry ({@code X-Slack-No-Retry: 1}).
   */
  public record Attempt(int retryNum, int status, String body, boolean noRetry) {
  }

  private final Vertx vertx;
  private final WebClient http;
  private final String host;
  private final int port;
  private final String path;
  private final Generator signer;
  private final long retryDelayMs;

  public FakeSlackEvents(Vertx vertx, String host, int port, String path, String signingSecret, long retryDelayMs) {
    this.vertx = vertx;
    this.http = WebClient.create(vertx);
    this.host = host;
    this.port = port;
    this.path = path;
    this.signer = new Generator(signingSecret);
    this.retryDelayMs = retryDelayMs;
  }

  /** Delivers the body, retrying as Slack does; completes with every attempt made. */
  public Future<List<Attempt>> deliver(JsonObject body) {
    return deliver(body.encode());
  }

  public Future<List<Attempt>> deliver(String rawBody) {
    return attempt(rawBody, 0, null, new ArrayList<>());
  }

  /** One attempt only, with the given retry headers (0 and null for a first delivery). */
  public Future<Attempt> post(String rawBody, int retryNum, String retryReason) {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    var request = http.post(port, host, path).idleTimeout(ACK_DEADLINE_MS)
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Slack-Request-Timestamp", timestamp)
        .putHeader("X-Slack-Signature", signer.generate(timestamp, rawBody));
    if (retryNum > 0) {
      request.putHeader("X-Slack-Retry-Num", String.valueOf(retryNum)).putHeader("X-Slack-Retry-Reason", retryReason);
    }
    return request.sendBuffer(Buffer.buffer(rawBody)).transform(sent -> Future.succeededFuture(sent.succeeded()
        ? attempt(retryNum, sent.result())
        : new Attempt(retryNum, 0, null, false)));
  }

  /**
   * A mention in a channel the bot belongs to, as Slack delivers it to an app subscribed to both
   * {@code app_mention} and {@code message.channels}: the {@code app_mention}, then the same message
   * as a {@code message} event under its own {@code event_id}.
   */
  public Future<List<Attempt>> deliverMention(JsonObject appMention, String messageEventId) {
    JsonObject twin = appMention.copy().put("event_id", messageEventId);
    twin.getJsonObject("event").put("type", "message").put("channel_type", "channel");
    return deliver(appMention).compose(first -> deliver(twin).map(second -> {
      List<Attempt> all = new ArrayList<>(first);
      all.addAll(second);
      return all;
    }));
  }

  public void close() {
    http.close();
  }

  private Future<List<Attempt>> attempt(String rawBody, int retryNum, String reason, List<Attempt> attempts) {
    return post(rawBody, retryNum, reason).compose(attempt -> {
      attempts.add(attempt);
      if (acknowledged(attempt) || attempt.noRetry() || retryNum == MAX_RETRIES) {
        return Future.succeededFuture(attempts);
      }
      String nextReason = attempt.status() == 0 ? "http_timeout" : "http_error";
      return vertx.timer(Math.max(1, retryDelayMs))
          .compose(fired -> attempt(rawBody, retryNum + 1, nextReason, attempts));
    });
  }

  private static Attempt attempt(int retryNum, HttpResponse<Buffer> response) {
    return new Attempt(retryNum, response.statusCode(), response.bodyAsString(),
        "1".equals(response.getHeader("X-Slack-No-Retry")));
  }

  private static boolean acknowledged(Attempt attempt) {
    return attempt.status() >= 200 && attempt.status() < 300;
  }
}

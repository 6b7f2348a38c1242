package dev.switchboard.channel.slack;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * The two Web API methods the bridge needs, {@code auth.test} and {@code chat.postMessage}, with
 * Slack's error model: HTTP 200 and {@code ok:false} is a failure; 429 (or {@code ratelimited}) waits
 * {@code Retry-After} seconds and tries again; a 5xx or a refused connection is retried with a
 * doubling backoff; both bounded by {@link SlackOptions#maxSendAttempts()}. A request that was sent
 * and then timed out is never resent: Slack has no idempotency key, so a resend could post twice.
 */
public final class SlackClient {

  private static final Logger LOG = LoggerFactory.getLogger(SlackClient.class);
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

  private final Vertx vertx;
  private final SlackOptions options;
  private final WebClient client;

  public SlackClient(Vertx vertx, SlackOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setUserAgent("switchboard").setFollowRedirects(false));
  }

  /** Checks the token and learns the bot's identity. */
  public Future<SlackIdentity> authTest() {
    return call("auth.test", new JsonObject(), 1).map(SlackIdentity::fromAuthTest);
  }

  /**
   * Posts {@code text} (mrkdwn) to a channel, in the thread {@code threadTs} when not null, with link
   * previews off. Completes with the new message's {@code ts}.
   */
  public Future<String> postMessage(String channel, String threadTs, String text) {
    JsonObject body = new JsonObject().put("channel", channel).put("text", text).put("unfurl_links", false);
    if (threadTs != null) {
      body.put("thread_ts", threadTs);
    }
    return call("chat.postMessage", body, 1).map(answer -> answer.getString("ts"));
  }

  /**
   * Starts a streamed reply in the thread {@code threadTs} ({@code chat.startStream}); outside a DM
   * only {@code recipientUserId} sees it grow. Completes with the message's {@code ts}.
   */
  public Future<String> startStream(String channel, String threadTs, String recipientUserId, String recipientTeamId,
                                    String markdown) {
    JsonObject body = new JsonObject().put("channel", channel).put("thread_ts", threadTs).put("markdown_text", markdown);
    if (recipientUserId != null && recipientTeamId != null) {
      body.put("recipient_user_id", recipientUserId).put("recipient_team_id", recipientTeamId);
    }
    return call("chat.startStream", body, 1).map(answer -> answer.getString("ts"));
  }

  /** Appends to a streamed reply ({@code chat.appendStream}). */
  public Future<Void> appendStream(String channel, String ts, String markdown) {
    return call("chat.appendStream", new JsonObject().put("channel", channel).put("ts", ts)
        .put("markdown_text", markdown), 1).mapEmpty();
  }

  /** Ends a streamed reply ({@code chat.stopStream}), with its last text when not empty. */
  public Future<Void> stopStream(String channel, String ts, String markdown) {
    JsonObject body = new JsonObject().put("channel", channel).put("ts", ts);
    if (!markdown.isEmpty()) {
      body.put("markdown_text", markdown);
    }
    return call("chat.stopStream", body, 1).mapEmpty();
  }

  /** Replaces a message's text ({@code chat.update}). */
  public Future<Void> update(String channel, String ts, String text) {
    return call("chat.update", new JsonObject().put("channel", channel).put("ts", ts).put("text", text), 1).mapEmpty();
  }

  public void close() {
    client.close();
  }

  private Future<JsonObject> call(String method, JsonObject body, int attempt) {
    return client.postAbs(options.apiBaseUrl() + "/" + method)
        .bearerTokenAuthentication(options.botToken())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .idleTimeout(options.requestTimeoutMs())
        .sendBuffer(body.toBuffer())
        .transform(sent -> sent.succeeded()
            ? answered(method, body, attempt, sent.result())
            : notAnswered(method, body, attempt, sent.cause()));
  }

  private Future<JsonObject> answered(String method, JsonObject body, int attempt, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 429) {
      return rateLimited(method, body, attempt, response);
    }
    if (status >= 500) {
      return retry(method, body, attempt, backoffMs(attempt), "http_" + status);
    }
    if (status != 200) {
      return failure(method, "http_" + status, null);
    }
    JsonObject answer;
    try {
      answer = response.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return failure(method, "malformed_response", "body is not a JSON object");
    }
    if (answer == null) {
      return failure(method, "malformed_response", "empty body");
    }
    if (answer.getBoolean("ok", false)) {
      return Future.succeededFuture(answer);
    }
    String error = answer.getString("error", "unknown_error");
    return "ratelimited".equals(error) ? rateLimited(method, body, attempt, response) : failure(method, error, null);
  }

  private Future<JsonObject> rateLimited(String method, JsonObject body, int attempt, HttpResponse<Buffer> response) {
    long retryAfterSeconds = retryAfterSeconds(response.getHeader("Retry-After"));
    if (retryAfterSeconds > options.maxRetryAfterSeconds()) {
      return failure(method, "ratelimited", "Retry-After " + retryAfterSeconds + " s is longer than allowed");
    }
    return retry(method, body, attempt, retryAfterSeconds * 1000, "ratelimited");
  }

  private Future<JsonObject> notAnswered(String method, JsonObject body, int attempt, Throwable cause) {
    if (cause instanceof ConnectException) {
      // Nothing reached Slack: trying again cannot post twice.
      return retry(method, body, attempt, backoffMs(attempt), "unreachable");
    }
    if (cause instanceof TimeoutException) {
      return failure(method, "timeout", "no answer within " + options.requestTimeoutMs() + " ms; not resent");
    }
    return failure(method, "unreachable", cause.getMessage());
  }

  private Future<JsonObject> retry(String method, JsonObject body, int attempt, long delayMs, String error) {
    if (attempt >= options.maxSendAttempts()) {
      return failure(method, error, "gave up after " + attempt + " attempts");
    }
    LOG.info("slack {} {}; attempt {} of {} in {} ms", method, error, attempt + 1, options.maxSendAttempts(), delayMs);
    return vertx.timer(Math.max(1, delayMs)).compose(fired -> call(method, body, attempt + 1));
  }

  private long backoffMs(int attempt) {
    return options.retryBackoffMs() << (attempt - 1);
  }

  private static long retryAfterSeconds(String header) {
    if (header == null) {
      return DEFAULT_RETRY_AFTER_SECONDS;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_AFTER_SECONDS;
    }
  }

  private static Future<JsonObject> failure(String method, String error, String detail) {
    return Future.failedFuture(new SlackApiException(method, error, detail));
  }
}

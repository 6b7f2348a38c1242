package dev.switchboard.channel.slack;

import dev.switchboard.channel.delivery.RetryLoop;
import dev.switchboard.channel.delivery.Retryability;
import dev.switchboard.channel.delivery.SendPermit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * The Web API methods the bridge needs ({@code auth.test}; posting, streaming, editing and deleting its
 * messages), with Slack's error model: HTTP 200 and {@code ok:false} is a failure; 429 (or
 * {@code ratelimited}) waits {@code Retry-After} seconds and tries again; a 5xx or a refused connection is
 * retried after a backoff; both as the channel's {@code retry} policy allows ({@link RetryLoop}). A request
 * that was sent and then timed out is never resent: Slack has no idempotency key, so a resend could post twice.
 */
public final class SlackClient {

  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final SlackOptions options;
  private final WebClient client;
  private final RetryLoop retries;

  public SlackClient(Vertx vertx, SlackOptions options) {
    this.options = options;
    this.retries = new RetryLoop(vertx, "slack", options.retry());
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setUserAgent("switchboard").setFollowRedirects(false), options.common().apiPool());
  }

  /** Checks the token and learns the bot's identity. */
  public Future<SlackIdentity> authTest() {
    return call("auth.test", new JsonObject()).map(SlackIdentity::fromAuthTest);
  }

  /**
   * Posts {@code text} (mrkdwn) to a channel, in the thread {@code threadTs} when not null, with link
   * previews off. Completes with the new message's {@code ts}. Retried only while {@code permit} holds.
   */
  public Future<String> postMessage(String channel, String threadTs, String text, SendPermit permit) {
    JsonObject body = new JsonObject().put("channel", channel).put("text", text).put("unfurl_links", false);
    if (threadTs != null) {
      body.put("thread_ts", threadTs);
    }
    return call("chat.postMessage", body, permit).map(answer -> answer.getString("ts"));
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
    return call("chat.startStream", body).map(answer -> answer.getString("ts"));
  }

  /** Appends to a streamed reply ({@code chat.appendStream}). */
  public Future<Void> appendStream(String channel, String ts, String markdown) {
    return call("chat.appendStream", new JsonObject().put("channel", channel).put("ts", ts)
        .put("markdown_text", markdown)).mapEmpty();
  }

  /**
   * Ends a streamed reply ({@code chat.stopStream}), with its last text when not empty. Retried only
   * while {@code permit} holds.
   */
  public Future<Void> stopStream(String channel, String ts, String markdown, SendPermit permit) {
    JsonObject body = new JsonObject().put("channel", channel).put("ts", ts);
    if (!markdown.isEmpty()) {
      body.put("markdown_text", markdown);
    }
    return call("chat.stopStream", body, permit).mapEmpty();
  }

  /** Replaces a message's text ({@code chat.update}). Retried only while {@code permit} holds. */
  public Future<Void> update(String channel, String ts, String text, SendPermit permit) {
    return call("chat.update", new JsonObject().put("channel", channel).put("ts", ts).put("text", text), permit)
        .mapEmpty();
  }

  /** Deletes one of the bot's messages ({@code chat.delete}). */
  public Future<Void> delete(String channel, String ts) {
    return call("chat.delete", new JsonObject().put("channel", channel).put("ts", ts)).mapEmpty();
  }

  public void close() {
    client.close();
  }

  private Future<JsonObject> call(String method, JsonObject body) {
    return call(method, body, SendPermit.ALWAYS);
  }

  private Future<JsonObject> call(String method, JsonObject body, SendPermit permit) {
    return retries.run(method, permit, () -> callOnce(method, body), SlackApiException::retryabilityOf);
  }

  private Future<JsonObject> callOnce(String method, JsonObject body) {
    return client.postAbs(options.apiBaseUrl() + "/" + method)
        .bearerTokenAuthentication(options.botToken())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .idleTimeout(options.requestTimeoutMs())
        .sendBuffer(body.toBuffer())
        .transform(sent -> sent.succeeded() ? answered(method, sent.result()) : notAnswered(method, sent.cause()));
  }

  private Future<JsonObject> answered(String method, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 429) {
      return rateLimited(method, response);
    }
    if (status >= 500) {
      return Future.failedFuture(new SlackApiException(method, "http_" + status, null, Retryability.RETRYABLE));
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
    return "ratelimited".equals(error) ? rateLimited(method, response) : failure(method, error, null);
  }

  /** Throttled: after {@code Retry-After} seconds, or the policy's backoff when Slack named no (readable) wait. */
  private static Future<JsonObject> rateLimited(String method, HttpResponse<Buffer> response) {
    String header = response.getHeader("Retry-After");
    Retryability retryability = Retryability.RETRYABLE;
    String detail = "no Retry-After";
    if (header != null && header.trim().matches("[0-9]{1,9}")) {
      long seconds = Long.parseLong(header.trim());
      retryability = Retryability.after(seconds * 1_000);
      detail = "Retry-After " + seconds + " s";
    }
    return Future.failedFuture(new SlackApiException(method, "ratelimited", detail, retryability));
  }

  private Future<JsonObject> notAnswered(String method, Throwable cause) {
    if (cause instanceof ConnectException) {
      // Nothing reached Slack: trying again cannot post twice.
      return Future.failedFuture(new SlackApiException(method, "unreachable", cause.getMessage(),
          Retryability.RETRYABLE));
    }
    if (cause instanceof TimeoutException) {
      return failure(method, "timeout", "no answer within " + options.requestTimeoutMs() + " ms; not resent");
    }
    return failure(method, "unreachable", cause.getMessage());
  }

  private static Future<JsonObject> failure(String method, String error, String detail) {
    return Future.failedFuture(new SlackApiException(method, error, detail));
  }
}

package dev.switchboard.channel.whatsapp;

import dev.switchboard.channel.delivery.RetryLoop;
import dev.switchboard.channel.delivery.SendPermit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.function.BiConsumer;

/**
 * The WhatsApp Cloud API calls the bridge makes: send a text or a template, mark a message read with a typing
 * indicator, look up a phone number. Sends are retried after throttling and server errors as the
 * channel's {@code retry} policy says; never after a timeout once the request was written, since
 * WhatsApp has no idempotency key and the user could get the message twice ({@link GraphRetryability}).
 * Failures are {@link GraphApiException}s.
 */
public final class WhatsAppClient {

  /** Longest text body WhatsApp accepts, in characters. */
  public static final int MAX_TEXT_LENGTH = 4096;

  private static final int MAX_CONNECT_TIMEOUT_MS = 5_000;
  /** Meta's pair rate limit: too many messages to the same user in a short time. */
  private static final int PAIR_RATE_LIMIT = 131056;

  private final WhatsAppOptions options;
  private final WebClient web;
  private final RetryLoop retries;
  private BiConsumer<String, String> pairRateLimited = (phoneNumberId, chatId) -> { };

  public WhatsAppClient(Vertx vertx, WhatsAppOptions options) {
    this.options = options;
    this.retries = new RetryLoop(vertx, "whatsapp", options.retry());
    this.web = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(options.requestTimeoutMs(), MAX_CONNECT_TIMEOUT_MS))
        .setUserAgent("switchboard"), options.channel().apiPool());
  }

  /**
   * Sends a text from the business number {@code phoneNumberId} to {@code chatId}.
   *
   * Retried only while {@code permit} holds.
   *
   * @return the wamid of the accepted message (accepted, not yet delivered: failures may still come as statuses)
   */
  public Future<String> sendText(String phoneNumberId, String chatId, String body, SendPermit permit) {
    if (body.isEmpty() || body.length() > MAX_TEXT_LENGTH) {
      return Future.failedFuture(new IllegalArgumentException(
          "a WhatsApp text must be 1 to " + MAX_TEXT_LENGTH + " characters, not " + body.length()));
    }
    return send(phoneNumberId, chatId, "text", new JsonObject().put("preview_url", false).put("body", body), permit);
  }

  /**
   * Sends a template message ({@code {name, language:{code, policy}, components?}}, Meta's
   * {@code TemplateObject}); the only kind that reaches a user outside the 24-hour window. Retried only
   * while {@code permit} holds.
   */
  public Future<String> sendTemplate(String phoneNumberId, String chatId, JsonObject template, SendPermit permit) {
    return send(phoneNumberId, chatId, "template", template, permit);
  }

  /**
   * Calls {@code listener} with the business number and the recipient whenever Meta answers 131056 (too many messages to that
   * user), so that the channel's pacing slows down for them; retrying stays this client's business.
   */
  public WhatsAppClient onPairRateLimit(BiConsumer<String, String> listener) {
    this.pairRateLimited = listener;
    return this;
  }

  private Future<String> send(String phoneNumberId, String chatId, String type, JsonObject content,
                              SendPermit permit) {
    JsonObject request = new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual")
        .put(recipientField(chatId), chatId).put("type", type).put(type, content);
    return retries.run("sending a " + type, permit,
        () -> post(messagesUrl(phoneNumberId), request).onFailure(failure -> {
          if (failure instanceof GraphApiException graph && graph.code() == PAIR_RATE_LIMIT) {
            pairRateLimited.accept(phoneNumberId, chatId);
          }
        }), GraphRetryability::of).map(WhatsAppClient::messageId);
  }

  /**
   * Marks the message (and every earlier one) read and shows "typing…" for up to 25 s or until the
   * next message. Best effort: tried once.
   */
  public Future<Void> markReadAndTyping(String phoneNumberId, String messageId) {
    JsonObject request = new JsonObject().put("messaging_product", "whatsapp").put("status", "read")
        .put("message_id", messageId).put("typing_indicator", new JsonObject().put("type", "text"));
    return post(messagesUrl(phoneNumberId), request).mapEmpty();
  }

  /** {@code GET {apiBaseUrl}/{phoneNumberId}}: proves the token works and names the number, for {@code doctor}. */
  public Future<PhoneNumberInfo> lookupPhoneNumber() {
    if (options.phoneNumberId() == null) {
      return Future.failedFuture(new IllegalStateException("channels.whatsapp.phoneNumberId is not set"));
    }
    return call(web.getAbs(options.apiBaseUrl() + "/" + options.phoneNumberId()), null)
        .map(PhoneNumberInfo::fromJson);
  }

  public void close() {
    web.close();
  }

  private Future<JsonObject> post(String url, JsonObject request) {
    return call(web.postAbs(url), request);
  }

  private Future<JsonObject> call(HttpRequest<Buffer> request, JsonObject body) {
    request.bearerTokenAuthentication(options.accessToken()).idleTimeout(options.requestTimeoutMs());
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.transform(outcome -> {
      if (outcome.failed()) {
        Throwable cause = outcome.cause();
        return Future.failedFuture(GraphRetryability.neverSent(cause) ? cause
            : new GraphApiException(0, 0, "no answer from the Graph API (" + cause.getMessage()
                + "); not re-sent, since it may have been delivered"));
      }
      HttpResponse<Buffer> response = outcome.result();
      if (response.statusCode() / 100 != 2) {
        return Future.failedFuture(GraphApiException.fromResponse(response.statusCode(), response.body()));
      }
      try {
        JsonObject answer = response.bodyAsJsonObject();
        return Future.succeededFuture(answer == null ? new JsonObject() : answer);
      } catch (RuntimeException notJson) {
        return Future.failedFuture(new GraphApiException(0, response.statusCode(), "answer is not JSON"));
      }
    });
  }

  /** The wamid of an accepted send, or null when Graph accepted it without naming it. */
  private static String messageId(JsonObject answer) {
    JsonArray messages = answer.getValue("messages") instanceof JsonArray array ? array : new JsonArray();
    return messages.isEmpty() || !(messages.getValue(0) instanceof JsonObject first) ? null : first.getString("id");
  }

  private String messagesUrl(String phoneNumberId) {
    return options.apiBaseUrl() + "/" + phoneNumberId + "/messages";
  }

  /**
   * Phone numbers go in {@code to}. Users who hide their number arrive with a business-scoped user id
   * instead, and Meta's rollout of those ids addresses replies to them with {@code recipient}.
   */
  private static String recipientField(String chatId) {
    return chatId.matches("\\+?[0-9]+") ? "to" : "recipient";
  }
}

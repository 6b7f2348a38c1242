package dev.switchboard.channel.telegram;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.ConnectException;

/**
 * The Bot API calls the bridge makes: {@code POST {apiBaseUrl}/bot<token>/<method>} with a JSON body,
 * answered by {@code {"ok":true,"result":…}} or a {@link TelegramApiException}; no answer at all is a
 * {@link TelegramTransportException}. One call, one
 * attempt: retry policy lives in {@link TelegramSender}. The token is part of every URL, so URLs are
 * never logged or put in error messages.
 */
public final class TelegramClient {

  private final WebClient client;
  private final String methodUrlPrefix;
  private final long requestTimeoutMs;
  private final String botToken;

  /** @throws IllegalArgumentException when the options lack the bot token */
  public TelegramClient(Vertx vertx, TelegramOptions options) {
    if (options.botToken() == null) {
      throw new IllegalArgumentException("Telegram client needs a bot token: " + options.missing());
    }
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(options.requestTimeoutMs(), Integer.MAX_VALUE))
        .setUserAgent("switchboard"), options.channel().apiPool());
    this.methodUrlPrefix = options.apiBaseUrl() + "/bot" + options.botToken() + "/";
    this.requestTimeoutMs = options.requestTimeoutMs();
    this.botToken = options.botToken();
  }

  /** Who the bot is; also the proof that the token is accepted. */
  public Future<BotIdentity> getMe() {
    return call("getMe", new JsonObject()).map(result -> BotIdentity.fromUser(object("getMe", result)));
  }

  /** Sends one message; the result is the new message's id. */
  public Future<Long> sendMessage(OutgoingText message) {
    return call("sendMessage", message.toJson())
        .map(result -> object("sendMessage", result).getLong("message_id"));
  }

  /**
   * Shows (or updates) the draft {@code draftId} of a reply being written, in a private chat: an
   * ephemeral preview, replaced by the next real message in that chat (Bot API {@code sendMessageDraft}).
   */
  public Future<Void> sendMessageDraft(long chatId, Long threadId, long draftId, String text) {
    JsonObject body = new JsonObject().put("chat_id", chatId).put("draft_id", draftId).put("text", text);
    if (threadId != null) {
      body.put("message_thread_id", threadId);
    }
    return call("sendMessageDraft", body).mapEmpty();
  }

  /** Shows "typing…" for up to 5 s, or until the bot's next message. */
  public Future<Void> sendTyping(long chatId, Long threadId) {
    JsonObject body = new JsonObject().put("chat_id", chatId).put("action", "typing");
    if (threadId != null) {
      body.put("message_thread_id", threadId);
    }
    return call("sendChatAction", body).mapEmpty();
  }

  /** Calls a method; the future holds its {@code result}, or fails with a {@link TelegramApiException}. */
  public Future<Object> call(String method, JsonObject body) {
    return client.postAbs(methodUrlPrefix + method)
        .timeout(requestTimeoutMs)
        .sendJsonObject(body)
        .recover(failure -> Future.failedFuture(transportFailure(method, failure)))
        .map(response -> resultOf(method, response));
  }

  public void close() {
    client.close();
  }

  /** Vert.x puts the request URI in timeout messages; the token must not travel with it. */
  private TelegramTransportException transportFailure(String method, Throwable failure) {
    String reason = String.valueOf(failure.getMessage()).replace(botToken, "<token>");
    return new TelegramTransportException(method + " failed: " + failure.getClass().getSimpleName() + ": " + reason,
        failure instanceof ConnectException);
  }

  private static Object resultOf(String method, HttpResponse<Buffer> response) {
    JsonObject envelope;
    try {
      envelope = response.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException notJson) {
      envelope = null;
    }
    if (envelope == null || !(envelope.getValue("ok") instanceof Boolean ok)) {
      throw new TelegramApiException(method, response.statusCode(), "HTTP " + response.statusCode()
          + " without a Bot API body", null, null);
    }
    if (ok) {
      return envelope.getValue("result");
    }
    JsonObject parameters = envelope.getValue("parameters") instanceof JsonObject object ? object : new JsonObject();
    throw new TelegramApiException(method,
        envelope.getValue("error_code") instanceof Number code ? code.intValue() : response.statusCode(),
        envelope.getString("description", "no description"),
        parameters.getValue("retry_after") instanceof Number after ? after.longValue() : null,
        parameters.getValue("migrate_to_chat_id") instanceof Number chat ? chat.longValue() : null);
  }

  private static JsonObject object(String method, Object result) {
    if (!(result instanceof JsonObject object)) {
      throw new TelegramApiException(method, 200, "result is not an object", null, null);
    }
    return object;
  }
}

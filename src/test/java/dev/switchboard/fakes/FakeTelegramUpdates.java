package dev.switchboard.fakes;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/** Telegram's webhook deliveries, as the Bot API posts them to the bridge. */
public final class FakeTelegramUpdates {

  private FakeTelegramUpdates() {
  }

  /** A private message from user {@code chat} (Ann) in their chat with the bot, made of {@code fields}: text, voice… */
  public static JsonObject privateMessage(long updateId, long chat, JsonObject fields) {
    JsonObject message = new JsonObject().put("message_id", updateId % 1000).put("date", System.currentTimeMillis() / 1000)
        .put("chat", new JsonObject().put("id", chat).put("type", "private").put("first_name", "Ann"))
        .put("from", new JsonObject().put("id", chat).put("is_bot", false).put("first_name", "Ann"))
        .mergeIn(fields);
    return new JsonObject().put("update_id", updateId).put("message", message);
  }

  public static JsonObject privateText(long updateId, long chat, String text) {
    return privateMessage(updateId, chat, new JsonObject().put("text", text));
  }

  /** POSTs {@code update} to the bridge's Telegram webhook with the secret token; returns the status Telegram got. */
  public static int post(WebClient client, int port, String secret, JsonObject update) {
    return client.post(port, "127.0.0.1", "/webhooks/telegram").putHeader("X-Telegram-Bot-Api-Secret-Token", secret)
        .sendJsonObject(update).await().statusCode();
  }
}

package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

/**
 * A message to a person on {@link Addresses#SEND}: a {@code text} (Markdown, formatted and split for
 * the platform like a reply) or, on WhatsApp, a {@code template}.
 *
 * @param chatId         the platform's chat: a WhatsApp number, a Telegram chat id, a Slack channel
 * @param threadId       a Slack thread or Telegram topic, or null
 * @param accountId      the business number or bot to send from, or null for the one the person last wrote to
 * @param idempotencyKey a key of the caller's: a second request with it is not queued again, or null
 */
public record SendRequest(String channel, String chatId, String threadId, String accountId, String text,
                          SendTemplate template, String idempotencyKey) {

  private static final int MAX_KEY_LENGTH = 200;

  /** A text to the chat. */
  public static SendRequest text(String channel, String chatId, String text) {
    return new SendRequest(channel, chatId, null, null, text, null, null);
  }

  /** A WhatsApp template to the number. */
  public static SendRequest template(String chatId, SendTemplate template) {
    return new SendRequest("whatsapp", chatId, null, null, null, template, null);
  }

  public SendRequest withIdempotencyKey(String key) {
    return new SendRequest(channel, chatId, threadId, accountId, text, template, key);
  }

  public SendRequest inThread(String thread) {
    return new SendRequest(channel, chatId, thread, accountId, text, template, idempotencyKey);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("channel", channel).put("chatId", chatId);
    putIfSet(json, "threadId", threadId);
    putIfSet(json, "accountId", accountId);
    putIfSet(json, "text", text);
    putIfSet(json, "idempotencyKey", idempotencyKey);
    if (template != null) {
      json.put("template", template.toJson());
    }
    return json;
  }

  /** Reads and checks a request; throws a {@link RefusedRequest} saying what is wrong. */
  public static SendRequest fromJson(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw invalid("the body must be a JSON object");
    }
    String channel = string(json, "channel", true);
    String chatId = json.getValue("chatId") instanceof Number number ? number.toString() : string(json, "chatId", true);
    Object text = json.getValue("text");
    if (text != null && !(text instanceof String)) {
      throw new RefusedRequest(Refusal.MISSING_TEXT, "text must be a string");
    }
    SendTemplate template = json.getValue("template") == null ? null : SendTemplate.fromJson(json.getValue("template"));
    boolean hasText = text != null && !((String) text).isBlank();
    if (!hasText && template == null) {
      throw new RefusedRequest(Refusal.MISSING_TEXT, "text (or, on WhatsApp, template) is required");
    }
    if (hasText && template != null) {
      throw invalid("give either text or template, not both");
    }
    String key = string(json, "idempotencyKey", false);
    if (key != null && key.length() > MAX_KEY_LENGTH) {
      throw invalid("idempotencyKey must be at most " + MAX_KEY_LENGTH + " characters");
    }
    return new SendRequest(channel, chatId, string(json, "threadId", false), string(json, "accountId", false),
        hasText ? (String) text : null, template, key);
  }

  private static String string(JsonObject json, String key, boolean required) {
    Object value = json.getValue(key);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw invalid(key + " must be a non-empty string");
    }
    return text;
  }

  private static void putIfSet(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  private static RefusedRequest invalid(String message) {
    return new RefusedRequest(Refusal.INVALID_REQUEST, message);
  }
}

package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.MediaRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code whatsapp_business_account} webhook body into {@link WebhookContents}. Every entry,
 * change, message and status is visited (one POST may batch many); an item that lacks what every
 * message has is counted as malformed and skipped, so one bad item never loses the rest.
 */
public final class WhatsAppWebhookParser {

  private static final String OBJECT = "whatsapp_business_account";
  private static final String MESSAGES_FIELD = "messages";

  /** Types a user sends expecting an answer that the bridge cannot read; anything else unreadable is ignored. */
  private static final Set<String> UNREADABLE_TYPES = Set.of("order", "interactive");

  /**
   * Parses a body whose signature was already checked.
   *
   * @throws IllegalArgumentException when the body is not a WhatsApp Business Account webhook at all
   */
  public WebhookContents parse(JsonObject body) {
    if (!OBJECT.equals(body.getValue("object"))) {
      throw new IllegalArgumentException("not a WhatsApp webhook (object is " + body.getValue("object") + ")");
    }
    Collector collector = new Collector();
    for (JsonObject entry : objects(body, "entry")) {
      for (JsonObject change : objects(entry, "changes")) {
        JsonObject value = object(change, "value");
        if (!MESSAGES_FIELD.equals(change.getValue("field")) || value == null) {
          collector.ignored++;
          continue;
        }
        collector.change(value);
      }
    }
    return new WebhookContents(collector.messages, collector.failures, collector.ignored, collector.malformed);
  }

  /** Accumulates one body's results; a new one per call keeps the parser stateless and thread-safe. */
  private static final class Collector {
    final List<ReceivedMessage> messages = new ArrayList<>();
    final List<DeliveryFailure> failures = new ArrayList<>();
    int ignored;
    int malformed;

    void change(JsonObject value) {
      String accountId = string(object(value, "metadata"), "phone_number_id");
      List<JsonObject> contacts = objects(value, "contacts");
      for (JsonObject message : objects(value, "messages")) {
        message(accountId, contacts, message);
      }
      for (JsonObject status : objects(value, "statuses")) {
        status(status);
      }
    }

    private void message(String accountId, List<JsonObject> contacts, JsonObject message) {
      String wamid = string(message, "id");
      // Business-scoped user ids replace the phone number for users who hide it: treat either as opaque.
      String sender = string(message, "from") != null ? string(message, "from") : string(message, "from_user_id");
      long sentAtMs = epochMillis(message.getValue("timestamp"));
      if (accountId == null || wamid == null || sender == null || sentAtMs < 0) {
        malformed++;
        return;
      }
      String type = String.valueOf(message.getValue("type"));
      String text = readableText(type, message);
      WhatsAppMessageKinds.Content content = text == null ? WhatsAppMessageKinds.of(type, message) : null;
      if (content != null) {
        text = content.text();
      }
      MediaRef media = content == null ? null : content.media();
      boolean readable = (text != null && !text.isBlank()) || media != null;
      if (!readable && !UNREADABLE_TYPES.contains(type)) {
        ignored++;
        return;
      }
      InboundMessage inbound = new InboundMessage(WhatsAppChannel.NAME + ":" + wamid, WhatsAppChannel.NAME,
          accountId, sender, ChatType.DM, sender, senderName(contacts, sender), null, readable ? text : "", sentAtMs,
          string(object(message, "context"), "id"), media);
      messages.add(new ReceivedMessage(inbound, type, readable));
    }

    private void status(JsonObject status) {
      if (!"failed".equals(status.getValue("status"))) {
        ignored++;
        return;
      }
      List<JsonObject> errors = objects(status, "errors");
      JsonObject error = errors.isEmpty() ? new JsonObject() : errors.get(0);
      Object code = error.getValue("code");
      String details = string(object(error, "error_data"), "details");
      String reason = details != null ? details : string(error, "title");
      String recipient = string(status, "recipient_id") != null ? string(status, "recipient_id")
          : string(status, "recipient_user_id");
      failures.add(new DeliveryFailure(string(status, "id"), recipient,
          code instanceof Number number ? number.intValue() : 0, reason));
    }
  }

  /** The text a user typed or tapped, or null for types without one. */
  private static String readableText(String type, JsonObject message) {
    switch (type) {
      case "text":
        return string(object(message, "text"), "body");
      case "button":
        // A quick-reply button of a template: the label is what the user sees they said.
        return string(object(message, "button"), "text");
      case "interactive":
        JsonObject interactive = object(message, "interactive");
        JsonObject reply = object(interactive, "button_reply");
        return string(reply != null ? reply : object(interactive, "list_reply"), "title");
      default:
        return null;
    }
  }

  private static String senderName(List<JsonObject> contacts, String sender) {
    for (JsonObject contact : contacts) {
      if (sender.equals(contact.getValue("wa_id")) || sender.equals(contact.getValue("user_id"))) {
        return string(object(contact, "profile"), "name");
      }
    }
    return contacts.size() == 1 ? string(object(contacts.get(0), "profile"), "name") : null;
  }

  /** Meta sends epoch seconds as a string; -1 when absent or not a number. */
  private static long epochMillis(Object timestamp) {
    if (timestamp instanceof Number number) {
      return number.longValue() * 1000;
    }
    if (timestamp instanceof String text && !text.isEmpty() && text.chars().allMatch(Character::isDigit)
        && text.length() < 12) {
      return Long.parseLong(text) * 1000;
    }
    return -1;
  }

  private static String string(JsonObject json, String key) {
    return json != null && json.getValue(key) instanceof String text ? text : null;
  }

  private static JsonObject object(JsonObject json, String key) {
    return json != null && json.getValue(key) instanceof JsonObject child ? child : null;
  }

  private static List<JsonObject> objects(JsonObject json, String key) {
    List<JsonObject> items = new ArrayList<>();
    if (json.getValue(key) instanceof JsonArray array) {
      for (Object item : array) {
        if (item instanceof JsonObject object) {
          items.add(object);
        }
      }
    }
    return items;
  }
}

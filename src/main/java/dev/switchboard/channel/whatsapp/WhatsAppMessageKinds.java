package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.MediaRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What the bridge makes of WhatsApp's non-text message types: a file to read at turn time (image,
 * voice note, document), a file it declines with a note (video, an unsupported type), or text a user
 * would expect to be understood (a location with its coordinates and name, a shared contact, a sticker).
 */
final class WhatsAppMessageKinds {

  /** What a message of a non-text type carries: a caption or text, and perhaps a file. */
  record Content(String text, MediaRef media) {
  }

  private WhatsAppMessageKinds() {
  }

  /** The content of a message of {@code type}, or null when the type is not one of these. */
  static Content of(String type, JsonObject message) {
    JsonObject body = message.getValue(type) instanceof JsonObject object ? object : null;
    switch (type) {
      case "image":
        return file(body, MediaRef.Kind.IMAGE, "photo");
      case "audio":
        return file(body, MediaRef.Kind.AUDIO, body != null && Boolean.TRUE.equals(body.getValue("voice"))
            ? "voice note" : "audio message");
      case "document":
        return file(body, MediaRef.Kind.DOCUMENT, "document");
      case "video":
        return new Content(caption(body), MediaRef.unsupported("video", string(body, "mime_type")));
      case "sticker":
        // WhatsApp stickers carry no emoji: the model is told one came, and answers it in kind.
        return new Content("[Sticker] (the user sent a sticker)", null);
      case "location":
        return body == null ? null : new Content(location(body), null);
      case "contacts":
        return new Content(contacts(message.getValue("contacts")), null);
      case "unsupported", "unknown":
        return new Content("", MediaRef.unsupported("message", null));
      default:
        return null;
    }
  }

  private static Content file(JsonObject body, MediaRef.Kind kind, String label) {
    String id = string(body, "id");
    if (id == null) {
      return new Content(caption(body), MediaRef.unsupported(label, null));
    }
    return new Content(caption(body),
        new MediaRef(kind, id, string(body, "mime_type"), string(body, "filename"), -1, label));
  }

  private static String location(JsonObject location) {
    StringBuilder text = new StringBuilder("[Location]");
    String name = string(location, "name");
    String address = string(location, "address");
    if (name != null) {
      text.append(' ').append(name);
    }
    if (address != null) {
      text.append(name != null ? ", " : " ").append(address);
    }
    text.append(" (latitude ").append(location.getValue("latitude")).append(", longitude ")
        .append(location.getValue("longitude")).append(')');
    return text.toString();
  }

  private static String contacts(Object value) {
    List<String> cards = new ArrayList<>();
    if (value instanceof JsonArray contacts) {
      for (Object item : contacts) {
        if (item instanceof JsonObject contact) {
          List<String> parts = new ArrayList<>();
          String name = string(contact.getValue("name") instanceof JsonObject n ? n : null, "formatted_name");
          parts.add(name == null ? "(no name)" : name);
          if (contact.getValue("phones") instanceof JsonArray phones) {
            phones.forEach(phone -> {
              String number = phone instanceof JsonObject p ? string(p, "phone") : null;
              if (number != null) {
                parts.add(number);
              }
            });
          }
          cards.add(String.join(", ", parts));
        }
      }
    }
    return "[Contact] " + (cards.isEmpty() ? "(empty)" : String.join("; ", cards));
  }

  private static String caption(JsonObject body) {
    String caption = string(body, "caption");
    return caption == null ? "" : caption;
  }

  private static String string(JsonObject json, String key) {
    return json != null && json.getValue(key) instanceof String text ? text : null;
  }
}

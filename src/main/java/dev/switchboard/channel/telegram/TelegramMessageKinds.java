package dev.switchboard.channel.telegram;

import dev.switchboard.bus.MediaRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the bridge makes of a Telegram message without {@code text}: a file to read at turn time
 * (the largest size of a photo, a voice note, an audio file, a document), a file it declines (videos,
 * animations, round video notes), or text a user would expect to be understood (a sticker's emoji, a
 * location or venue, a shared contact). The caption, with its own entities, is the text.
 */
final class TelegramMessageKinds {

  /** A message's content: text to scan for mentions (a caption), its entities, and perhaps a file. */
  record Content(String text, JsonArray entities, MediaRef media) {
  }

  private TelegramMessageKinds() {
  }

  /** The content, or null when the message is of a kind nobody expects an answer to (a service message). */
  static Content of(JsonObject message) {
    String caption = message.getValue("caption") instanceof String text ? text : "";
    JsonArray entities = message.getValue("caption_entities") instanceof JsonArray array ? array : null;
    // animation also sets document, and venue also sets location: the specific field first.
    if (message.getValue("animation") instanceof JsonObject animation) {
      return new Content(caption, entities, MediaRef.unsupported("animation", animation.getString("mime_type")));
    }
    if (message.getValue("photo") instanceof JsonArray sizes) {
      JsonObject largest = largest(sizes);
      return largest == null ? null : new Content(caption, entities, file(MediaRef.Kind.IMAGE, largest, "photo",
          "image/jpeg"));
    }
    if (message.getValue("voice") instanceof JsonObject voice) {
      return new Content(caption, entities, file(MediaRef.Kind.AUDIO, voice, "voice note", null));
    }
    if (message.getValue("audio") instanceof JsonObject audio) {
      return new Content(caption, entities, file(MediaRef.Kind.AUDIO, audio, "audio file", null));
    }
    if (message.getValue("document") instanceof JsonObject document) {
      return new Content(caption, entities, file(MediaRef.Kind.DOCUMENT, document, "document", null));
    }
    if (message.getValue("video") instanceof JsonObject video) {
      return new Content(caption, entities, MediaRef.unsupported("video", video.getString("mime_type")));
    }
    if (message.getValue("video_note") instanceof JsonObject) {
      return new Content(caption, entities, MediaRef.unsupported("video message", null));
    }
    if (message.getValue("sticker") instanceof JsonObject sticker) {
      String emoji = sticker.getValue("emoji") instanceof String text ? " " + text : "";
      return new Content("[Sticker" + emoji + "]", null, null);
    }
    if (message.getValue("venue") instanceof JsonObject venue) {
      return new Content(place(venue.getString("title"), venue.getString("address"),
          venue.getJsonObject("location", new JsonObject())), null, null);
    }
    if (message.getValue("location") instanceof JsonObject location) {
      return new Content(place(null, null, location), null, null);
    }
    if (message.getValue("contact") instanceof JsonObject contact) {
      String name = (contact.getString("first_name", "") + " " + contact.getString("last_name", "")).strip();
      return new Content("[Contact] " + name + ", " + contact.getValue("phone_number"), null, null);
    }
    return null;
  }

  /** The largest by area: Telegram's order is not a promise. */
  private static JsonObject largest(JsonArray sizes) {
    JsonObject best = null;
    long bestArea = -1;
    for (Object item : sizes) {
      if (item instanceof JsonObject size && size.getValue("file_id") instanceof String) {
        long area = size.getLong("width", 0L) * size.getLong("height", 0L);
        if (area > bestArea) {
          best = size;
          bestArea = area;
        }
      }
    }
    return best;
  }

  private static MediaRef file(MediaRef.Kind kind, JsonObject file, String label, String defaultType) {
    if (!(file.getValue("file_id") instanceof String fileId)) {
      return MediaRef.unsupported(label, null);
    }
    return new MediaRef(kind, fileId, file.getString("mime_type", defaultType), file.getString("file_name"),
        file.getValue("file_size") instanceof Number size ? size.longValue() : -1, label);
  }

  private static String place(String title, String address, JsonObject location) {
    StringBuilder text = new StringBuilder("[Location]");
    if (title != null) {
      text.append(' ').append(title);
    }
    if (address != null) {
      text.append(title != null ? ", " : " ").append(address);
    }
    return text.append(" (latitude ").append(location.getValue("latitude")).append(", longitude ")
        .append(location.getValue("longitude")).append(')').toString();
  }
}

package dev.switchboard.bus;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * A file a user sent, as the platform names it: never its bytes. The inbox keeps it with the message,
 * so a message accepted before a crash is downloaded again when it is answered.
 *
 * @param kind     what the bridge does with it
 * @param source   what the platform downloads it by: a WhatsApp media id, a Telegram {@code file_id},
 *                 a Slack {@code url_private_download}; null for kinds that are never downloaded
 * @param mimeType the type the platform gives, or null
 * @param fileName the name the user gave it, or null
 * @param size     bytes as the platform announces them, -1 when it does not
 * @param label    how a user calls it in a reply ("voice note", "video", "sticker")
 */
public record MediaRef(Kind kind, String source, String mimeType, String fileName, long size, String label) {

  public enum Kind {
    AUDIO, IMAGE, DOCUMENT,
    /** Videos, files of unknown kind: declined with a note, the caption still answered. */
    UNSUPPORTED;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** An unknown kind (written by a newer version) is not read rather than misread. */
    static Kind fromWire(String name) {
      for (Kind kind : values()) {
        if (kind.wireName().equals(name)) {
          return kind;
        }
      }
      return UNSUPPORTED;
    }
  }

  /** A kind the bridge does not read: nothing is downloaded. */
  public static MediaRef unsupported(String label, String mimeType) {
    return new MediaRef(Kind.UNSUPPORTED, null, mimeType, null, -1, label);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind.wireName()).put("size", size).put("label", label);
    if (source != null) {
      json.put("source", source);
    }
    if (mimeType != null) {
      json.put("mimeType", mimeType);
    }
    if (fileName != null) {
      json.put("fileName", fileName);
    }
    return json;
  }

  public static MediaRef fromJson(JsonObject json) {
    return new MediaRef(Kind.fromWire(json.getString("kind")), json.getString("source"), json.getString("mimeType"),
        json.getString("fileName"), json.getLong("size", -1L), json.getString("label", "file"));
  }
}

package dev.switchboard.channel.slack;

import dev.switchboard.bus.MediaRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * The file a Slack message shares ({@code files[]} of a {@code file_share} message or an
 * {@code app_mention}): the first one, read at turn time from {@code url_private_download} with the
 * bot token (scope {@code files:read}). Images, audio clips and documents by their {@code mimetype};
 * videos are declined; a file Slack only names by id (Slack Connect, {@code check_file_info}) too.
 */
final class SlackFiles {

  private SlackFiles() {
  }

  /** The first shared file, or null when the event shares none. */
  static MediaRef first(JsonObject event) {
    if (!(event.getValue("files") instanceof JsonArray files) || files.isEmpty()
        || !(files.getValue(0) instanceof JsonObject file)) {
      return null;
    }
    String mimeType = file.getValue("mimetype") instanceof String type ? type.toLowerCase(Locale.ROOT) : "";
    String url = file.getValue("url_private_download") instanceof String download ? download
        : file.getValue("url_private") instanceof String privateUrl ? privateUrl : null;
    String name = file.getValue("name") instanceof String text ? text : null;
    long size = file.getValue("size") instanceof Number number ? number.longValue() : -1;
    if (mimeType.startsWith("video/") && !"slack_audio".equals(file.getValue("subtype"))) {
      return MediaRef.unsupported("video", mimeType);
    }
    if (url == null) {
      return MediaRef.unsupported("file", mimeType);
    }
    if (mimeType.startsWith("image/")) {
      return new MediaRef(MediaRef.Kind.IMAGE, url, mimeType, name, size, "image");
    }
    if (mimeType.startsWith("audio/") || "slack_audio".equals(file.getValue("subtype"))) {
      return new MediaRef(MediaRef.Kind.AUDIO, url, mimeType, name, size, "audio clip");
    }
    return new MediaRef(MediaRef.Kind.DOCUMENT, url, mimeType, name, size, "file");
  }
}

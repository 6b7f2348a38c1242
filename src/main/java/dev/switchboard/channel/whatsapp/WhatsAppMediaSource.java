package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.MediaRef;
import dev.switchboard.media.BoundedDownload;
import dev.switchboard.media.MediaFile;
import dev.switchboard.media.MediaSniffer;
import dev.switchboard.media.MediaSource;
import dev.switchboard.media.MediaUnreadable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * WhatsApp media: {@code GET {apiBaseUrl}/{media-id}} with the access token gives a URL valid for five
 * minutes, fetched with the same token. The inbox keeps the id, never the URL, so every attempt asks
 * for a fresh one; a failed download (an expired link, an error page) asks once more.
 */
final class WhatsAppMediaSource implements MediaSource {

  /** A media lookup answer is a small JSON object. */
  private static final long LOOKUP_MAX_BYTES = 64 * 1024;

  private final BoundedDownload download;
  private final WhatsAppOptions options;

  WhatsAppMediaSource(BoundedDownload download, WhatsAppOptions options) {
    this.download = download;
    this.options = options;
  }

  @Override
  public Future<MediaFile> download(MediaRef ref, long maxBytes, long deadline) {
    return attempt(ref, maxBytes, deadline).recover(failure -> failure instanceof MediaUnreadable unreadable
        && unreadable.transientFailure() ? attempt(ref, maxBytes, deadline) : Future.failedFuture(failure));
  }

  private Future<MediaFile> attempt(MediaRef ref, long maxBytes, long deadline) {
    return download.get(options.apiBaseUrl() + "/" + ref.source(), options.accessToken(), LOOKUP_MAX_BYTES, deadline)
        .compose(lookup -> {
          JsonObject media = lookupAnswer(lookup);
          if (fileSize(media.getValue("file_size")) > maxBytes) {
            return Future.failedFuture(MediaUnreadable.tooLarge(maxBytes));
          }
          return download.get(media.getString("url"), options.accessToken(), maxBytes, deadline).map(file -> {
            String type = MediaSniffer.essence(file.mimeType());
            // Meta answers an expired or refused link with a page, not the file.
            if (("application/json".equals(type) || "text/html".equals(type)) && MediaSniffer.sniff(file.bytes()) == null
                && ref.kind() != MediaRef.Kind.DOCUMENT) {
              throw new MediaUnreadable("WhatsApp sent an error page instead of the file", true);
            }
            return new MediaFile(file.bytes(), media.getString("mime_type", file.mimeType()));
          });
        });
  }

  private static JsonObject lookupAnswer(MediaFile lookup) {
    Object json;
    try {
      json = lookup.bytes().toJsonValue();
    } catch (RuntimeException notJson) {
      json = null;
    }
    if (!(json instanceof JsonObject media) || !(media.getValue("url") instanceof String)) {
      throw new MediaUnreadable("WhatsApp did not say where the file is", true);
    }
    return media;
  }

  /** Meta's example has a string, a recorded answer a number: both are accepted; -1 when absent. */
  private static long fileSize(Object size) {
    if (size instanceof Number number) {
      return number.longValue();
    }
    if (size instanceof String text && !text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(text);
    }
    return -1;
  }
}

package dev.switchboard.channel.telegram;

import dev.switchboard.bus.MediaRef;
import dev.switchboard.media.BoundedDownload;
import dev.switchboard.media.MediaFile;
import dev.switchboard.media.MediaSource;
import dev.switchboard.media.MediaUnreadable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Telegram files: {@code getFile} gives the file's path, downloaded from
 * {@code {apiBaseUrl}/file/bot<token>/<file_path>}. That URL holds the token, so it never appears in a
 * failure. Bots may download at most 20 MB; Telegram refuses larger files in {@code getFile}.
 */
final class TelegramMediaSource implements MediaSource {

  private final TelegramClient client;
  private final BoundedDownload download;
  private final TelegramOptions options;

  TelegramMediaSource(TelegramClient client, BoundedDownload download, TelegramOptions options) {
    this.client = client;
    this.download = download;
    this.options = options;
  }

  @Override
  public Future<MediaFile> download(MediaRef ref, long maxBytes, long deadline) {
    return client.call("getFile", new JsonObject().put("file_id", ref.source()))
        .recover(failure -> Future.failedFuture(failure instanceof TelegramApiException api
            && String.valueOf(api.getMessage()).contains("too big")
            ? new MediaUnreadable("it is larger than 20 MB, the most Telegram lets a bot download")
            : new MediaUnreadable("Telegram did not give the file", true)))
        .compose(result -> {
          if (!(result instanceof JsonObject file) || !(file.getValue("file_path") instanceof String path)) {
            return Future.failedFuture(new MediaUnreadable("Telegram did not say where the file is"));
          }
          if (file.getValue("file_size") instanceof Number size && size.longValue() > maxBytes) {
            return Future.failedFuture(MediaUnreadable.tooLarge(maxBytes));
          }
          return download.get(options.apiBaseUrl() + "/file/bot" + options.botToken() + "/" + path, null, maxBytes,
              deadline);
        })
        .map(file -> new MediaFile(file.bytes(), ref.mimeType() != null ? ref.mimeType() : file.mimeType()));
  }
}

package dev.switchboard.channel.slack;

import dev.switchboard.bus.MediaRef;
import dev.switchboard.media.BoundedDownload;
import dev.switchboard.media.MediaFile;
import dev.switchboard.media.MediaSniffer;
import dev.switchboard.media.MediaSource;
import dev.switchboard.media.MediaUnreadable;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Slack files from {@code url_private_download}, with the bot token. Without the {@code files:read}
 * scope Slack answers 200 with its sign-in page instead of the file: that is refused, and the
 * operator told what to add.
 */
final class SlackMediaSource implements MediaSource {

  private static final Logger LOG = LoggerFactory.getLogger(SlackMediaSource.class);

  private final BoundedDownload download;
  private final SlackOptions options;

  SlackMediaSource(BoundedDownload download, SlackOptions options) {
    this.download = download;
    this.options = options;
  }

  @Override
  public Future<MediaFile> download(MediaRef ref, long maxBytes, long deadline) {
    return download.get(ref.source(), options.botToken(), maxBytes, deadline).map(file -> {
      if (isSignInPage(file)) {
        LOG.warn("slack: a file download got Slack's sign-in page: add the files:read scope to the app and "
            + "reinstall it");
        throw new MediaUnreadable("the bot is not allowed to download files");
      }
      return new MediaFile(file.bytes(), ref.mimeType() != null ? ref.mimeType() : file.mimeType());
    });
  }

  private static boolean isSignInPage(MediaFile file) {
    if ("text/html".equals(MediaSniffer.essence(file.mimeType()))) {
      return true;
    }
    int length = Math.min(file.bytes().length(), 64);
    String start = file.bytes().getString(0, length, StandardCharsets.ISO_8859_1.name()).stripLeading()
        .toLowerCase(Locale.ROOT);
    return start.startsWith("<!doctype") || start.startsWith("<html");
  }
}

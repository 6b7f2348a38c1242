package dev.switchboard.media;

import dev.switchboard.bus.MediaRef;
import io.vertx.core.Future;

/**
 * Downloads what a platform's media reference names, with the channel's credentials. Fails with
 * {@link MediaUnreadable} when the file is too large, gone, or not what was expected.
 */
@FunctionalInterface
public interface MediaSource {

  /** @param deadlineMillis wall-clock time by which the whole download, every request of it, must be done */
  Future<MediaFile> download(MediaRef ref, long maxBytes, long deadlineMillis);
}

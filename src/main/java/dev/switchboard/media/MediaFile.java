package dev.switchboard.media;

import io.vertx.core.buffer.Buffer;

/**
 * A downloaded file, for one turn. Its {@code toString} never shows the bytes.
 *
 * @param mimeType the type the platform gave (its header or its API), or null
 */
public record MediaFile(Buffer bytes, String mimeType) {

  @Override
  public String toString() {
    return "MediaFile[" + mimeType + ", " + bytes.length() + " bytes]";
  }
}

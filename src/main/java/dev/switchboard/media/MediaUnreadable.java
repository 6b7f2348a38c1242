package dev.switchboard.media;

/**
 * A file the bridge will not read, with the reason as a user may read it ("it is larger than 20 MB").
 * The message is the reason only: no URL, no token, no bytes.
 */
public final class MediaUnreadable extends RuntimeException {

  private final boolean transientFailure;

  /** A failure that asking again will not mend: too large, not the type it claims, unsupported. */
  public MediaUnreadable(String reason) {
    this(reason, false);
  }

  /**
   * @param transientFailure true when the platform failed (an error status, a broken connection, an
   *                         expired link), so that fetching a fresh link once may work
   */
  public MediaUnreadable(String reason, boolean transientFailure) {
    super(reason, null, false, false);
    this.transientFailure = transientFailure;
  }

  public boolean transientFailure() {
    return transientFailure;
  }

  /** "20 MB", "512 KB": a size as the reason to a user says it. */
  public static String size(long bytes) {
    return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)) + " MB" : Math.max(1, bytes / 1024) + " KB";
  }

  public static MediaUnreadable tooLarge(long maxBytes) {
    return new MediaUnreadable("it is larger than " + size(maxBytes));
  }
}

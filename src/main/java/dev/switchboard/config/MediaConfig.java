package dev.switchboard.config;

import java.util.List;

/**
 * {@code tools.media}, in OpenClaw's shape (DESIGN.md §13): what is done with the voice notes, images and
 * documents users send.
 *
 * @param unreadableReply   the note a user gets for a file that could not be read; {@code {media}} is
 *                          replaced by what it was ("voice note"), {@code {reason}} by why
 * @param downloadTimeoutMs longest a download from the platform may take, in milliseconds
 */
public record MediaConfig(Audio audio, Image image, Document document, String unreadableReply,
                          long downloadTimeoutMs) {

  public static final String DEFAULT_UNREADABLE_REPLY =
      "Sorry, I couldn't read your {media} ({reason}). You can send text, a voice note, a photo or a PDF instead.";

  /** What an absent {@code tools.media} means: everything enabled with the default limits, no models. */
  public static MediaConfig defaults() {
    return MediaConfigReader.read(ConfigNode.of(new io.vertx.core.json.JsonObject()), null);
  }

  /**
   * @param language       ISO-639-1 code sent to the transcriber, or null to let it detect
   * @param echoTranscript whether the user gets the transcript back before the answer
   * @param echoFormat     the echo's text; {@code {transcript}} is replaced by the transcript
   * @param models         transcribers, tried in order
   */
  public record Audio(boolean enabled, long maxBytes, String language, boolean echoTranscript, String echoFormat,
                      List<MediaModel> models) {
  }

  /**
   * @param prompt   what the describing model is asked
   * @param maxChars longest description kept
   * @param models   describers for models that cannot see images, tried in order
   */
  public record Image(boolean enabled, long maxBytes, String prompt, int maxChars, List<MediaModel> models) {
  }

  /** @param maxPages PDF pages read at most */
  public record Document(boolean enabled, long maxBytes, int maxChars, int maxPages) {
  }

  /**
   * One entry of a {@code models} list.
   *
   * @param model     the provider and model (for an image entry, declared able to see images)
   * @param timeoutMs longest one request may take, in milliseconds
   * @param prompt    replaces the section's prompt (a transcription hint for audio), or null
   * @param language  replaces the section's language (audio), or null
   */
  public record MediaModel(ResolvedModel model, long timeoutMs, String prompt, String language) {
  }
}

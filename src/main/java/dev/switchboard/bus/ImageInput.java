package dev.switchboard.bus;

import java.util.Base64;

/**
 * An image a user sent, held for one turn only: never kept in the history, never logged.
 *
 * @param mimeType    {@code image/jpeg}, {@code image/png} or {@code image/webp}, as the bytes showed
 * @param bytes       the image
 * @param description what a describing model saw in it, for models that cannot see it; or null
 */
public record ImageInput(String mimeType, byte[] bytes, String description) {

  /** What a model that cannot see the image reads in its place. */
  static final String UNSEEN = "[Image] You cannot see this image: tell the user it could not be viewed, "
      + "and answer the rest of the message.";

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public String dataUrl() {
    return "data:" + mimeType + ";base64," + base64();
  }

  /** The image as text: its description, else a note that it cannot be seen. */
  String asText() {
    return description != null ? "[Image] Description: " + description : UNSEEN;
  }

  @Override
  public String toString() {
    // Never the bytes: a record's toString would print the array reference, not them, but say so plainly.
    return "ImageInput[" + mimeType + ", " + bytes.length + " bytes, described=" + (description != null) + "]";
  }
}

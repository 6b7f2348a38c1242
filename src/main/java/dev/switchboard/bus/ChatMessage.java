package dev.switchboard.bus;

import dev.switchboard.bus.ImageInput;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One turn of a conversation as the model sees it: who said it, the text, and the images a user sent
 * with it for this turn only. JSON, and so the stored history, holds the text alone.
 */
public record ChatMessage(Role role, String text, List<ImageInput> images) {

  public enum Role {
    USER, ASSISTANT;

    public String wireName() {
      return name().toLowerCase();
    }
  }

  public ChatMessage {
    images = images == null ? List.of() : List.copyOf(images);
  }

  public ChatMessage(Role role, String text) {
    this(role, text, List.of());
  }

  public static ChatMessage user(String text) {
    return new ChatMessage(Role.USER, text);
  }

  public static ChatMessage user(String text, List<ImageInput> images) {
    return new ChatMessage(Role.USER, text, images);
  }

  public static ChatMessage assistant(String text) {
    return new ChatMessage(Role.ASSISTANT, text);
  }

  public boolean hasImages() {
    return !images.isEmpty();
  }

  /** The text for a model that cannot see images: each image's description (or a note) after the text. */
  public String textWithoutImages() {
    if (images.isEmpty()) {
      return text;
    }
    StringBuilder folded = new StringBuilder(text);
    for (ImageInput image : images) {
      folded.append("\n\n").append(image.asText());
    }
    return folded.toString();
  }

  /** What the history keeps of this turn: the text and the images' descriptions, never their bytes. */
  public ChatMessage forHistory() {
    if (images.isEmpty()) {
      return this;
    }
    StringBuilder kept = new StringBuilder(text);
    for (ImageInput image : images) {
      if (image.description() != null) {
        kept.append("\n\n").append(image.asText());
      }
    }
    return new ChatMessage(role, kept.toString());
  }

  public JsonObject toJson() {
    return new JsonObject().put("role", role.wireName()).put("text", text);
  }

  public static ChatMessage fromJson(JsonObject json) {
    return new ChatMessage("assistant".equals(json.getString("role")) ? Role.ASSISTANT : Role.USER,
        json.getString("text"));
  }
}

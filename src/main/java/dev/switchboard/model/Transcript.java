package dev.switchboard.model;

import dev.switchboard.bus.ImageInput;
import dev.switchboard.bus.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/** The conversation as the adapters put it on the wire. */
final class Transcript {

  private Transcript() {
  }

  /**
   * The messages worth replaying: blank turns are dropped, because some backends reject them
   * (vLLM answers 500 to a replayed empty assistant turn, Anthropic 400 to empty content).
   */
  static List<ChatMessage> replayable(List<ChatMessage> messages) {
    List<ChatMessage> kept = new ArrayList<>(messages.size());
    for (ChatMessage message : messages) {
      if (message.text() != null && !message.text().isBlank()) {
        kept.add(message);
      }
    }
    return kept;
  }

  /** The text a model gets for the message: with the images' descriptions when it cannot see them. */
  static String text(ChatMessage message, boolean seesImages) {
    return seesImages ? message.text() : message.textWithoutImages();
  }

  /** Whether the images go to the model as images. */
  static boolean imagesShown(ChatMessage message, boolean seesImages) {
    return seesImages && message.hasImages();
  }

  /**
   * Strictly alternating turns starting with the user, as Anthropic requires: consecutive messages
   * of one role are joined with a blank line, leading assistant turns are dropped.
   */
  static List<ChatMessage> alternating(List<ChatMessage> messages) {
    List<ChatMessage> turns = new ArrayList<>(messages.size());
    for (ChatMessage message : replayable(messages)) {
      if (turns.isEmpty() && message.role() == ChatMessage.Role.ASSISTANT) {
        continue;
      }
      int last = turns.size() - 1;
      if (last >= 0 && turns.get(last).role() == message.role()) {
        ChatMessage previous = turns.get(last);
        List<ImageInput> images = new ArrayList<>(previous.images());
        images.addAll(message.images());
        turns.set(last, new ChatMessage(message.role(), previous.text() + "\n\n" + message.text(), images));
      } else {
        turns.add(message);
      }
    }
    return turns;
  }
}

package dev.switchboard.model;

import dev.switchboard.bus.ChatMessage;
import java.util.List;

/**
 * One generation request, the same whatever the backend: the whole conversation is sent every time
 * (never server-side state), so any model of the chain can answer it.
 *
 * @param instructions    the system prompt, or null
 * @param messages        the history and the new user message, oldest first
 * @param deadlineAtMillis wall-clock time ({@link System#currentTimeMillis()}) past which the request is abandoned
 */
public record ModelRequest(String instructions, List<ChatMessage> messages, long deadlineAtMillis) {

  public ModelRequest {
    messages = List.copyOf(messages);
  }

  /** Characters of instructions and messages, the basis of the chars/4 token estimate. */
  public long characterCount() {
    long chars = instructions == null ? 0 : instructions.length();
    for (ChatMessage message : messages) {
      chars += message.text().length();
    }
    return chars;
  }

  public ModelRequest withMessages(List<ChatMessage> replacement) {
    return new ModelRequest(instructions, replacement, deadlineAtMillis);
  }
}

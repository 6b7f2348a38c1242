package dev.switchboard.channel.http;

import dev.switchboard.bus.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's conversation reduced to what the chain takes: system text (instructions) and the
 * user/assistant turns. Reasoning items a client replays are dropped, never forwarded.
 */
record ConversationInput(String instructions, List<ChatMessage> messages) {

  /** Collects system/developer text and turns, item by item. */
  static final class Builder {
    private final StringBuilder system = new StringBuilder();
    private final List<ChatMessage> messages = new ArrayList<>();
    private final String field;

    Builder(String field, String instructions) {
      this.field = field;
      if (instructions != null && !instructions.isBlank()) {
        system.append(instructions);
      }
    }

    void add(String role, String text, String param) {
      switch (role == null ? "" : role) {
        case "system", "developer" -> {
          if (system.length() > 0) {
            system.append("\n\n");
          }
          system.append(text);
        }
        case "user" -> messages.add(ChatMessage.user(text));
        case "assistant" -> messages.add(ChatMessage.assistant(text));
        default -> throw ApiError.invalid(param + ".role",
            "role must be one of user, assistant, system, developer, not " + role);
      }
    }

    ConversationInput build() {
      if (messages.stream().noneMatch(m -> m.role() == ChatMessage.Role.USER)) {
        throw ApiError.invalid(field, field + " must contain at least one user message");
      }
      return new ConversationInput(system.length() == 0 ? null : system.toString(), List.copyOf(messages));
    }
  }

  /**
   * The text of a message's {@code content}: a string, or text parts ({@code input_text},
   * {@code output_text}, {@code text}); images and files are refused, refusals skipped.
   */
  static String contentText(Object content, String param) {
    if (content instanceof String text) {
      return text;
    }
    if (!(content instanceof JsonArray parts)) {
      throw ApiError.invalid(param, "content must be a string or an array of text parts");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (!(parts.getValue(i) instanceof JsonObject part)) {
        throw ApiError.invalid(param + "[" + i + "]", "content parts must be objects");
      }
      String type = part.getString("type", "");
      switch (type) {
        case "input_text", "output_text", "text" -> {
          if (!(part.getValue("text") instanceof String partText)) {
            throw ApiError.invalid(param + "[" + i + "].text", "text must be a string");
          }
          if (text.length() > 0) {
            text.append('\n');
          }
          text.append(partText);
        }
        case "refusal" -> {
          // A refusal the client replays carries nothing the model needs.
        }
        default -> throw ApiError.invalid(param + "[" + i + "].type",
            "only text content is supported, not \"" + type + "\"");
      }
    }
    return text.toString();
  }
}

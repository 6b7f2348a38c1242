package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * What one turn changes in its session's history, held until the turn is answered so that it commits
 * with the answer ({@link InboxClaims#answer}): messages appended, or the whole history replaced (a
 * compaction).
 *
 * @param replaces true when {@code messages} are the whole history, false when they follow it
 */
public record HistoryChange(boolean replaces, List<ChatMessage> messages) {

  public static final HistoryChange NONE = new HistoryChange(false, List.of());

  public HistoryChange {
    messages = List.copyOf(messages);
  }

  public static HistoryChange append(List<ChatMessage> messages) {
    return new HistoryChange(false, messages);
  }

  public static HistoryChange replace(List<ChatMessage> messages) {
    return new HistoryChange(true, messages);
  }

  public boolean isNone() {
    return equals(NONE);
  }

  /** This change, then {@code next}, as one change. */
  public HistoryChange then(HistoryChange next) {
    if (next.replaces) {
      return next;
    }
    List<ChatMessage> joined = new ArrayList<>(messages);
    joined.addAll(next.messages);
    return new HistoryChange(replaces, joined);
  }

  /** The history {@code stored} becomes with this change. */
  public List<ChatMessage> applyTo(List<ChatMessage> stored) {
    return HistoryChange.append(stored).then(this).messages;
  }
}

package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * What one turn changes in its session's history, held until the turn is answered so that it commits
 * with the answer ({@link InboxClaims#answer}). A turn that compacted its conversation replaces the
 * stored messages it read, and only those: what others stored after its read (an operator's message
 * sent meanwhile) stays, in its order, after the replacement. The turn's own messages follow every
 * stored message, as they do when nothing was compacted, so that its answer stays right after the
 * question it answers.
 *
 * @param replaced    how many stored messages, oldest first, give way to {@code replacement}: those the turn read
 * @param replacement what stands for them: the compacted conversation (nothing, for a turn that did not compact)
 * @param appended    the turn's own messages, after every stored one
 */
public record HistoryChange(int replaced, List<ChatMessage> replacement, List<ChatMessage> appended) {

  public static final HistoryChange NONE = append(List.of());

  public HistoryChange {
    replacement = List.copyOf(replacement);
    appended = List.copyOf(appended);
  }

  public static HistoryChange append(List<ChatMessage> messages) {
    return new HistoryChange(0, List.of(), messages);
  }

  /** The first {@code read} stored messages become {@code replacement}. */
  public static HistoryChange replace(int read, List<ChatMessage> replacement) {
    return new HistoryChange(read, replacement, List.of());
  }

  public boolean isNone() {
    return equals(NONE);
  }

  /** Whether stored messages are rewritten, rather than only followed by more. */
  public boolean replaces() {
    return replaced > 0 || !replacement.isEmpty();
  }

  /** This change, then {@code messages} appended, as one change. */
  public HistoryChange plus(List<ChatMessage> messages) {
    List<ChatMessage> joined = new ArrayList<>(appended);
    joined.addAll(messages);
    return new HistoryChange(replaced, replacement, joined);
  }

  /** The history {@code stored} becomes with this change. */
  public List<ChatMessage> applyTo(List<ChatMessage> stored) {
    List<ChatMessage> history = new ArrayList<>(replacement);
    history.addAll(stored.subList(Math.min(replaced, stored.size()), stored.size()));
    history.addAll(appended);
    return history;
  }
}

package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * The conversation kept per session key: in the SQLite store when the bridge runs, in memory for the
 * one-shot command-line conversations.
 */
public interface SessionHistory {

  /** The session's messages, oldest first; empty for a new session. */
  Future<List<ChatMessage>> load(String sessionKey);

  /** Appends the messages of one finished turn (the user's, then the assistant's final text). */
  Future<Void> append(String sessionKey, List<ChatMessage> turn);

  /** Replaces the history, e.g. with a compaction summary followed by the recent turns. */
  Future<Void> replace(String sessionKey, List<ChatMessage> messages);

  /**
   * Keeps a turn whose conversation was compacted for the model: {@code compacted} stands for the
   * history the turn read, and the turn's own messages follow it. One write, so that the history
   * never holds the summary without the turn that made it.
   */
  default Future<Void> compact(String sessionKey, List<ChatMessage> compacted, List<ChatMessage> turn) {
    List<ChatMessage> history = new ArrayList<>(compacted);
    history.addAll(turn);
    return replace(sessionKey, history);
  }

  /** Forgets the session ({@code /new}, {@code /reset}). */
  Future<Void> clear(String sessionKey);
}

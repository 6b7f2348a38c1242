package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import io.vertx.core.Future;

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

  /** Forgets the session ({@code /new}, {@code /reset}). */
  Future<Void> clear(String sessionKey);
}

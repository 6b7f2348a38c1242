package dev.switchboard.routing;

import dev.switchboard.store.SessionHistory;
import dev.switchboard.bus.ChatMessage;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SessionHistory} in memory, keeping the last {@link #DEFAULT_MAX_MESSAGES} messages of each
 * session. Thread-safe, so router instances on several event loops may share it; lost on restart.
 */
public final class InMemorySessionHistory implements SessionHistory {

  public static final int DEFAULT_MAX_MESSAGES = 200;

  private final Map<String, Deque<ChatMessage>> sessions = new ConcurrentHashMap<>();
  private final int maxMessages;

  public InMemorySessionHistory() {
    this(DEFAULT_MAX_MESSAGES);
  }

  public InMemorySessionHistory(int maxMessages) {
    this.maxMessages = maxMessages;
  }

  @Override
  public Future<List<ChatMessage>> load(String sessionKey) {
    Deque<ChatMessage> messages = sessions.get(sessionKey);
    if (messages == null) {
      return Future.succeededFuture(List.of());
    }
    synchronized (messages) {
      return Future.succeededFuture(List.copyOf(messages));
    }
  }

  @Override
  public Future<Void> append(String sessionKey, List<ChatMessage> turn) {
    Deque<ChatMessage> messages = sessions.computeIfAbsent(sessionKey, key -> new ArrayDeque<>());
    synchronized (messages) {
      messages.addAll(turn);
      while (messages.size() > maxMessages) {
        messages.removeFirst();
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> replace(String sessionKey, List<ChatMessage> replacement) {
    Deque<ChatMessage> messages = new ArrayDeque<>(replacement);
    while (messages.size() > maxMessages) {
      messages.removeFirst();
    }
    sessions.put(sessionKey, messages);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> clear(String sessionKey) {
    sessions.remove(sessionKey);
    return Future.succeededFuture();
  }
}

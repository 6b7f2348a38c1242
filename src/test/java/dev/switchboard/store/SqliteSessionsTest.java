package dev.switchboard.store;

import dev.switchboard.model.ChatMessage;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.store.StoreFixture.ANN;
import static dev.switchboard.store.StoreFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SqliteSessionsTest extends StoreFileTestBase {

  @Test
  void historyGrowsTurnByTurnAndSurvivesARestart() {
    SqliteStore store = open();
    assertTrue(store.sessionHistory().load(ANN).await().isEmpty());
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("hi"), ChatMessage.assistant("Hello!"))).await();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("2+2?"), ChatMessage.assistant("4"))).await();
    store.sessionHistory().append(BOB, List.of(ChatMessage.user("yo"), ChatMessage.assistant("Hey"))).await();
    store.close().await();

    SqliteStore reopened = open();
    assertEquals(List.of(ChatMessage.user("hi"), ChatMessage.assistant("Hello!"), ChatMessage.user("2+2?"),
        ChatMessage.assistant("4")), reopened.sessionHistory().load(ANN).await());
    assertEquals(2, reopened.sessionHistory().load(BOB).await().size());
    reopened.close().await();
  }

  @Test
  void replaceKeepsOnlyTheCompactedHistoryAndAppendContinuesAfterIt() {
    SqliteStore store = open();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("a"), ChatMessage.assistant("b"),
        ChatMessage.user("c"), ChatMessage.assistant("d"))).await();
    store.sessionHistory().replace(ANN, List.of(ChatMessage.user("Summary: a, b"), ChatMessage.user("c"),
        ChatMessage.assistant("d"))).await();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("e"), ChatMessage.assistant("f"))).await();
    assertEquals(List.of("Summary: a, b", "c", "d", "e", "f"),
        store.sessionHistory().load(ANN).await().stream().map(ChatMessage::text).toList());
    store.close().await();
  }

  @Test
  void clearForgetsTheHistoryButKeepsTheChosenModel() {
    SqliteStore store = open();
    store.sessionHistory().append(ANN, List.of(ChatMessage.user("hi"), ChatMessage.assistant("Hello!"))).await();
    store.sessionPreferences().setModel(ANN, "Minimax").await();
    store.sessionHistory().clear(ANN).await();
    assertTrue(store.sessionHistory().load(ANN).await().isEmpty());
    assertEquals("Minimax", store.sessionPreferences().model(ANN).await());
    store.close().await();
  }

  @Test
  void theChosenModelSurvivesARestartUntilCleared() {
    SqliteStore store = open();
    assertNull(store.sessionPreferences().model(ANN).await());
    store.sessionPreferences().setModel(ANN, "anthropic/claude-sonnet-4-5").await();
    store.close().await();

    SqliteStore reopened = open();
    assertEquals("anthropic/claude-sonnet-4-5", reopened.sessionPreferences().model(ANN).await());
    assertNull(reopened.sessionPreferences().model(BOB).await());
    reopened.sessionPreferences().setModel(ANN, null).await();
    assertNull(reopened.sessionPreferences().model(ANN).await());
    reopened.close().await();
  }
}

package dev.switchboard.routing;

import dev.switchboard.bus.ChatMessage;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The in-memory history keeps the latest messages of each session, oldest first. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class InMemorySessionHistoryTest {

  @Test
  void keepsOnlyTheLatestMessages() throws Exception {
    InMemorySessionHistory history = new InMemorySessionHistory(3);

    history.append("s", List.of(ChatMessage.user("1"), ChatMessage.assistant("2")));
    history.append("s", List.of(ChatMessage.user("3"), ChatMessage.assistant("4")));

    assertEquals(List.of(ChatMessage.assistant("2"), ChatMessage.user("3"), ChatMessage.assistant("4")),
        history.load("s").await(1, TimeUnit.SECONDS));
  }

  @Test
  void sessionsAreSeparateAndClearForgetsOne() throws Exception {
    InMemorySessionHistory history = new InMemorySessionHistory();
    history.append("a", List.of(ChatMessage.user("for a")));
    history.append("b", List.of(ChatMessage.user("for b")));

    history.clear("a");

    assertEquals(List.of(), history.load("a").await(1, TimeUnit.SECONDS));
    assertEquals(List.of(ChatMessage.user("for b")), history.load("b").await(1, TimeUnit.SECONDS));
  }

  @Test
  void replaceSetsTheWholeHistory() throws Exception {
    InMemorySessionHistory history = new InMemorySessionHistory();
    history.append("s", List.of(ChatMessage.user("old"), ChatMessage.assistant("older answer")));

    history.replace("s", List.of(ChatMessage.assistant("summary")));

    assertEquals(List.of(ChatMessage.assistant("summary")), history.load("s").await(1, TimeUnit.SECONDS));
  }
}

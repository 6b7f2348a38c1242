package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.config.PostgresUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.switchboard.store.StoreFixture.ANN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes writing one session's history at once on PostgreSQL: an operator's message taken by one
 * node while another commits a claimed turn's answer. A message's position follows the session's last
 * stored one, so a writer must see the other's messages before it draws its positions: two writers
 * drawing from the same last message collide on the primary key. SQLite has one writer, so only
 * PostgreSQL can interleave this way.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class PostgresHistoryWritesTest {

  private static final List<ChatMessage> EARLIER = List.of(ChatMessage.user("earlier"), ChatMessage.assistant("kept"));
  private static final List<ChatMessage> TURN = List.of(ChatMessage.user("is it in blue?"), ChatMessage.assistant("yes"));
  private static final List<ChatMessage> SUMMARY = List.of(ChatMessage.user("Summary: earlier, kept"));
  private static final List<ChatMessage> NOTE = List.of(ChatMessage.assistant("An operator: it ships today."));

  private PostgresUrl url;
  private Store node;

  @BeforeEach
  void open(Vertx vertx) {
    url = PostgresUrl.parse(PostgresServer.shared().freshUrl());
    node = PostgresStore.open(vertx, url, null, StoreOptions.DEFAULT_SESSION_IDLE_DAYS, Clock.systemUTC()).await();
    node.sessionHistory().append(ANN, EARLIER).await();
  }

  @AfterEach
  void close() {
    node.close().await();
  }

  @Test
  @DisplayName("a message appended while another node's answer writes the history follows that answer")
  void anAppendWaitsForTheAnswerBeingWritten() throws SQLException {
    Future<Void> note;
    try (Connection answering = connection(false); Connection observer = connection(true)) {
      // Another node's answer, not committed yet: the history write its claim's answer makes.
      SqliteSessionHistory.write(answering, ANN, HistoryChange.append(TURN), System.currentTimeMillis());
      note = node.sessionHistory().append(ANN, NOTE);
      awaitOneWaiting(observer);
      answering.commit();
    }

    note.await();
    assertEquals(concat(EARLIER, TURN, NOTE), node.sessionHistory().load(ANN).await());
  }

  @Test
  @DisplayName("a compacting answer written while another node appends keeps the appended message")
  void aCompactionWaitsForTheAppendBeingWritten() throws SQLException {
    InboundMessage question = StoreFixture.dm("100", "1", "is it in blue?");
    node.inbox().journal(question).await();
    ClaimedTurn turn = node.inboxClaims().claimTurns("node-a", Duration.ofMinutes(5), 10).await().get(0);
    HistoryChange compacted = HistoryChange.replace(EARLIER.size(), SUMMARY).plus(TURN);
    Future<Optional<InboxClaims.Answered>> answer;
    try (Connection noting = connection(false); Connection observer = connection(true)) {
      // Another node appends an operator's message, not committed yet.
      SqliteSessionHistory.write(noting, ANN, HistoryChange.append(NOTE), System.currentTimeMillis());
      answer = node.inboxClaims().answer(turn, compacted, null, List.of(),
          new ChunkedReply(Reply.to(question, "yes", null, null), List.of("yes")));
      awaitOneWaiting(observer);
      noting.commit();
    }

    assertTrue(answer.await().isPresent());
    assertEquals(concat(SUMMARY, NOTE, TURN), node.sessionHistory().load(ANN).await());
  }

  private Connection connection(boolean autocommit) throws SQLException {
    return OtherNode.connect(url, autocommit);
  }

  /**
   * Returns once a statement of the database waits for another transaction's lock: the node's write
   * reached the rows the uncommitted transaction holds.
   */
  private static void awaitOneWaiting(Connection observer) throws SQLException {
    OtherNode.awaitSeen(observer, "no write waited for the uncommitted transaction's lock",
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
  }

  @SafeVarargs
  private static List<ChatMessage> concat(List<ChatMessage>... parts) {
    List<ChatMessage> all = new ArrayList<>();
    for (List<ChatMessage> part : parts) {
      all.addAll(part);
    }
    return all;
  }
}

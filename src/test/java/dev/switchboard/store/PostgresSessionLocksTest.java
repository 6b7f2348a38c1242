package dev.switchboard.store;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.SessionMode;
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
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.switchboard.store.StoreFixture.ANN;
import static dev.switchboard.store.StoreFixture.dm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-session advisory lock of handover modes on PostgreSQL (DESIGN.md §14, §10.1), against a second
 * connection that plays another node: a change of mode and a bot turn's answer wait for the session's
 * lock, and a transaction of several writes takes its sessions' locks in one order, whatever the order
 * of its writes, so that two nodes' transactions never wait for each other crosswise.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class PostgresSessionLocksTest {

  private static final long AT = StoreFixture.START.toEpochMilli();

  private PostgresUrl url;
  private Store node;

  @BeforeEach
  void open(Vertx vertx) {
    url = PostgresUrl.parse(PostgresServer.shared().freshUrl());
    node = PostgresStore.open(vertx, url, null, StoreOptions.DEFAULT_SESSION_IDLE_DAYS, Clock.systemUTC()).await();
  }

  @AfterEach
  void close() {
    node.close().await();
  }

  @Test
  @DisplayName("a change of mode waits for another transaction that holds the session's lock")
  void aChangeOfModeWaitsForTheSessionsLock() throws SQLException {
    Future<Void> set;
    try (Connection otherNode = connection(false); Connection observer = connection(true)) {
      lock(otherNode, SqliteHandoverModes.lockKey(ANN));
      set = node.handoverModes().set(ANN, SessionMode.HUMAN, AT);
      awaitWaitingFor(observer, SqliteHandoverModes.lockKey(ANN));
      assertFalse(set.isComplete(), "not while the other transaction holds the lock");
      otherNode.commit();
    }

    set.await();
    assertEquals(SessionMode.HUMAN, node.handoverModes().get(ANN).await().orElseThrow().mode());
  }

  @Test
  @DisplayName("a bot turn's answer reads the mode after a takeover that held the session's lock commits")
  void aBotAnswerWaitsForATakeoverHoldingTheSessionsLock() throws SQLException {
    InboundMessage question = dm("100", "1", "Where is my order?");
    node.inbox().journal(question).await();
    ClaimedTurn turn = node.inboxClaims().claimTurns("node-a", Duration.ofMinutes(5), 10).await().get(0);
    Reply answer = Reply.to(question, "It ships today.", "a/model", null);
    Future<Optional<InboxClaims.Answered>> answered;
    try (Connection operator = connection(false); Connection observer = connection(true)) {
      // An operator's takeover on another node, as set writes it: under the lock, not committed yet.
      lock(operator, SqliteHandoverModes.lockKey(ANN));
      Sql.update(operator, "INSERT INTO handover (session_key, mode, changed_at, active_at, version)"
          + " VALUES (?, ?, ?, ?, 1)", ANN, SessionMode.HUMAN.wireName(), AT, AT);
      answered = node.inboxClaims().answer(turn, HistoryChange.append(List.of(ChatMessage.user(question.text()),
              ChatMessage.assistant(answer.text()))),
          new BotAnswer(HandoverModes.UNSET, List.of(ChatMessage.user(question.text()))), List.of(),
          new ChunkedReply(answer, List.of(answer.text())));
      awaitWaitingFor(observer, SqliteHandoverModes.lockKey(ANN));
      assertFalse(answered.isComplete(), "not while the takeover holds the lock");
      operator.commit();
    }

    assertTrue(answered.await().orElseThrow().answerWithheld(), "the takeover came first: the answer is withheld");
    assertEquals(List.of(), node.outbox().pending("telegram").await());
  }

  @Test
  @DisplayName("a transaction of several writes takes its sessions' locks in one order, not in the writes' order")
  void batchedWritesTakeTheirSessionsLocksInOneOrder() throws SQLException {
    String lower;
    String higher;
    String blocker = "telegram:bot1:dm:300";
    Future<Void> higherFirst;
    Future<Void> lowerSecond;
    try (Connection holding = connection(false); Connection otherNode = connection(false);
         Connection observer = connection(true)) {
      boolean annFirst = lockNumber(observer, ANN) < lockNumber(observer, StoreFixture.BOB);
      lower = annFirst ? ANN : StoreFixture.BOB;
      higher = annFirst ? StoreFixture.BOB : ANN;
      // Of a deadlock between the other node's transaction and the store's, the other's is found first and
      // aborted: the test fails there, rather than after a second in the store's retry.
      try (Statement statement = otherNode.createStatement()) {
        statement.execute("SET deadlock_timeout = '20ms'");
      }
      otherNode.commit();

      // The store's thread waits for a lock, so that the next two writes are queued and go in one transaction.
      lock(holding, SqliteHandoverModes.lockKey(blocker));
      Future<Void> blocked = node.handoverModes().set(blocker, SessionMode.HUMAN, AT);
      awaitWaitingFor(observer, SqliteHandoverModes.lockKey(blocker));
      lock(otherNode, SqliteHandoverModes.lockKey(lower));
      higherFirst = node.handoverModes().set(higher, SessionMode.HUMAN, AT);
      lowerSecond = node.handoverModes().set(lower, SessionMode.HUMAN, AT);
      holding.commit();
      blocked.await();

      awaitWaitingFor(observer, SqliteHandoverModes.lockKey(lower));
      // The other node takes the locks in their order too. Had the store's transaction taken the higher one
      // first, for its first write, each would now wait for the other.
      lock(otherNode, SqliteHandoverModes.lockKey(higher));
      assertFalse(lowerSecond.isComplete(), "not while the other node holds the lower lock");
      otherNode.commit();
    }

    Future.all(higherFirst, lowerSecond).await();
    assertEquals(SessionMode.HUMAN, node.handoverModes().get(lower).await().orElseThrow().mode());
    assertEquals(SessionMode.HUMAN, node.handoverModes().get(higher).await().orElseThrow().mode());
  }

  private Connection connection(boolean autocommit) throws SQLException {
    return OtherNode.connect(url, autocommit);
  }

  /** Takes the advisory lock the store takes for {@code key}, until the connection's transaction ends. */
  private static void lock(Connection connection, String key) throws SQLException {
    Sql.first(connection, "SELECT pg_advisory_xact_lock(hashtext(?))", row -> null, key);
  }

  /** The number the locks of a session's mode are ordered by. */
  private static int lockNumber(Connection connection, String session) throws SQLException {
    return Sql.first(connection, "SELECT hashtext(?)", row -> row.getInt(1), SqliteHandoverModes.lockKey(session));
  }

  /**
   * Returns once a transaction waits for the advisory lock of {@code key} (a bigint lock: its high half in
   * {@code classid}, its low half in {@code objid}). Each look is a transaction of its own.
   */
  private static void awaitWaitingFor(Connection observer, String key) throws SQLException {
    OtherNode.awaitSeen(observer, "no transaction waited for the lock of " + key,
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1"
            + " AND ((classid::bigint << 32) | objid::bigint) = hashtext(?)::bigint", key);
  }
}

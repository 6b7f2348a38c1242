package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.config.PostgresUrl;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on one PostgreSQL: a row's {@code seq} (inbox) or {@code id} (outbox) is drawn at insert,
 * so one node's row can commit after a later row of the same session or chat, written by another node,
 * was already claimed. The late, older row must then wait for that claim to end: taking it beside the
 * live claim would run two turns of one session at once, or send one chat's chunks from two nodes.
 * SQLite has one writer, so only PostgreSQL can interleave this way.
 */
@ExtendWith(VertxExtension.class)
class PostgresClaimOverlapTest {

  private static final Duration LEASE = Duration.ofMinutes(5);

  private PostgresUrl url;
  private Store nodeA;
  private Store nodeB;

  @BeforeEach
  void twoNodes(Vertx vertx) {
    url = PostgresUrl.parse(PostgresServer.shared().freshUrl());
    nodeA = PostgresStore.open(vertx, url, null, StoreOptions.DEFAULT_SESSION_IDLE_DAYS, Clock.systemUTC()).await();
    nodeB = PostgresStore.open(vertx, url, null, StoreOptions.DEFAULT_SESSION_IDLE_DAYS, Clock.systemUTC()).await();
  }

  @AfterEach
  void close() {
    nodeA.close().await();
    nodeB.close().await();
  }

  @Test
  @DisplayName("a message committed late waits for the live turn of its session, then is answered alone")
  void aLateOlderMessageWaitsForTheSessionsLiveTurn() throws SQLException {
    InboundMessage first = StoreFixture.dm("100", "1", "first, journaled by a node that commits late");
    InboundMessage second = StoreFixture.dm("100", "2", "second, journaled and committed by another node");
    List<ClaimedTurn> turnOfA;
    try (Connection lateNode = connection()) {
      journalUncommitted(lateNode, first);
      nodeB.inbox().journal(second).await();
      turnOfA = nodeA.inboxClaims().claimTurns("node-a", LEASE, 10).await();
      assertEquals(List.of(second.id()), ids(turnOfA.get(0)));
      lateNode.commit();
    }

    assertTrue(nodeB.inboxClaims().claimTurns("node-b", LEASE, 10).await().isEmpty(),
        "node A's turn of the session is live: no other turn of it may start");
    assertTrue(nodeA.inboxClaims().answer(turnOfA.get(0), HistoryChange.NONE, null, List.of(),
        new ChunkedReply(Reply.to(second, "A's answer", null, null), List.of("A's answer"))).await()
        .isPresent(),
        "node A still holds its claim and answers");

    List<ClaimedTurn> next = nodeB.inboxClaims().claimTurns("node-b", LEASE, 10).await();
    assertEquals(1, next.size());
    assertEquals(List.of(first.id()), ids(next.get(0)), "once A's turn ended, the late message is a turn of its own");
  }

  @Test
  @DisplayName("a session claimed by another node while this one read its head is left to that node")
  void aSessionClaimedMeanwhileIsLeftAlone() throws SQLException {
    InboundMessage first = StoreFixture.dm("100", "1", "first, journaled by a node that commits late");
    InboundMessage second = StoreFixture.dm("100", "2", "second");
    String session = SessionKeys.of(first);
    try (Connection lateNode = connection(); Connection claimingNode = connection()) {
      journalUncommitted(lateNode, first);
      nodeB.inbox().journal(second).await();
      // Node A is claiming the session: it holds the session's lock and has claimed the second message,
      // not yet committed. The first message then commits: to node B it looks like a free head.
      Dialect.POSTGRESQL.lock(claimingNode,
          List.of(SqlInboxClaims.sessions(Dialect.POSTGRESQL).lockKey(session)));
      insert(claimingNode, "UPDATE inbox SET claim = 999999, owner = 'node-a', lease_until = ?, attempts = 1"
          + " WHERE id = ?", System.currentTimeMillis() + LEASE.toMillis(), second.id());
      lateNode.commit();

      assertEquals(List.of(), nodeB.inboxClaims().claimTurns("node-b", LEASE, 10).await(),
          "node A is claiming the session: node B passes over it, without waiting for A");
      claimingNode.commit();
      assertEquals(List.of(), nodeB.inboxClaims().claimTurns("node-b", LEASE, 10).await(),
          "node A's claim is live: the session is busy");
    }
  }

  @Test
  @DisplayName("a chunk committed late waits for the live claim of its chat, then is sent")
  void aLateOlderChunkWaitsForTheChatsLiveClaim() throws SQLException {
    InboundMessage first = StoreFixture.dm("100", "1", "first");
    InboundMessage second = StoreFixture.dm("100", "2", "second");
    List<ClaimedChunks> chatOfA;
    try (Connection lateNode = connection()) {
      insert(lateNode, "INSERT INTO outbox (inbound_id, channel, sequence, account_id, chat_id, text, created_at,"
              + " chat_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", first.id(), "telegram", 0, first.accountId(),
          first.chatId(), "reply to first", 1L, OutboxChunk.chatKey("telegram", first.accountId(), first.chatId(), null));
      nodeB.outbox().enqueue(second.id(), "telegram", Reply.to(second, "reply to second", null, null),
          List.of("reply to second")).await();
      chatOfA = nodeA.outboxClaims().claimChunks("node-a", "telegram", LEASE, 10).await();
      assertEquals(List.of("reply to second"), texts(chatOfA.get(0)));
      lateNode.commit();
    }

    assertTrue(nodeB.outboxClaims().claimChunks("node-b", "telegram", LEASE, 10).await().isEmpty(),
        "node A is sending to the chat: no other node may send to it meanwhile");
    ClaimedChunks held = chatOfA.get(0);
    assertTrue(nodeA.outboxClaims().markSent(held.token(), held.chunks().get(0).id(), "m-2").await());

    List<ClaimedChunks> next = nodeB.outboxClaims().claimChunks("node-b", "telegram", LEASE, 10).await();
    assertEquals(1, next.size());
    assertEquals(List.of("reply to first"), texts(next.get(0)));
  }

  private Connection connection() throws SQLException {
    Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.properties(null));
    connection.setAutoCommit(false);
    return connection;
  }

  /** What a node's journal writes for {@code message}, in the connection's transaction, not committed yet. */
  private static void journalUncommitted(Connection node, InboundMessage message) throws SQLException {
    insert(node, "INSERT INTO inbox (id, session_key, message, arrived_at) VALUES (?, ?, ?, ?)",
        message.id(), SessionKeys.of(message), message.toJson().encode(), 1L);
  }

  private static void insert(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        insert.setObject(i + 1, values[i]);
      }
      insert.executeUpdate();
    }
  }

  private static List<String> ids(ClaimedTurn turn) {
    return turn.messages().stream().map(InboundMessage::id).toList();
  }

  private static List<String> texts(ClaimedChunks claimed) {
    return claimed.chunks().stream().map(OutboxChunk::text).toList();
  }
}

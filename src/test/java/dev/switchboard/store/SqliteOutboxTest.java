package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SqliteOutboxTest extends StoreFileTestBase {

  private final InboundMessage question = StoreFixture.dm("100", "1", "tell me a long story");
  private final Reply reply = Reply.to(question, "Once upon a time… The end.", "lmstudio/minimax", null);

  @Test
  void aReplyOnceEnqueuedIsAnsweredAndItsChunksArePendingAfterARestart() {
    SqliteStore store = open();
    store.inbox().journal(question).await();
    List<OutboxChunk> chunks = store.outbox().enqueue(question.id(), "telegram", reply,
        List.of("Once upon a time…", "The end.")).await();
    assertEquals(List.of(0, 1), chunks.stream().map(OutboxChunk::sequence).toList());
    assertTrue(store.inbox().unanswered().await().isEmpty(), "the model is not run again for it");
    store.close().await();

    SqliteStore reopened = open();
    assertTrue(reopened.inbox().unanswered().await().isEmpty());
    List<OutboxChunk> pending = reopened.outbox().pending("telegram").await();
    assertEquals(chunks, pending);
    OutboxChunk first = pending.get(0);
    assertEquals("Once upon a time…", first.text());
    assertEquals(question.id(), first.inboundId());
    assertEquals("bot1", first.accountId());
    assertEquals("100", first.chatId());
    reopened.close().await();
  }

  @Test
  void sentAndFailedChunksAreNoLongerPending() {
    SqliteStore store = open();
    store.inbox().journal(question).await();
    List<OutboxChunk> chunks = store.outbox().enqueue(question.id(), "telegram", reply,
        List.of("one", "two", "three")).await();
    store.outbox().markSent(chunks.get(0).id(), "5001").await();
    store.outbox().markFailed(chunks.get(1).id(), "403: bot was blocked by the user").await();
    store.close().await();

    SqliteStore reopened = open();
    assertEquals(List.of("three"), reopened.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList());
    reopened.close().await();
  }

  @Test
  void eachChannelSeesOnlyItsOwnChunks() {
    SqliteStore store = open();
    store.outbox().enqueue(question.id(), "telegram", reply, List.of("to telegram")).await();
    Reply slackReply = new Reply("slack:Ev1", "T1", "C1", "1700000000.000100", "to slack", null, null);
    store.outbox().enqueue("slack:Ev1", "slack", slackReply, List.of("to slack")).await();
    List<OutboxChunk> slack = store.outbox().pending("slack").await();
    assertEquals(List.of("to slack"), slack.stream().map(OutboxChunk::text).toList());
    assertEquals("1700000000.000100", slack.get(0).threadId());
    assertEquals(List.of("to telegram"), store.outbox().pending("telegram").await().stream().map(OutboxChunk::text).toList());
    store.close().await();
  }
}

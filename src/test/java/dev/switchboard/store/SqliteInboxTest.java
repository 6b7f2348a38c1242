package dev.switchboard.store;

import dev.switchboard.bus.InboundMessage;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SqliteInboxTest extends StoreFileTestBase {

  @Test
  void journaledMessagesAreUnansweredAfterARestartInArrivalOrder() {
    SqliteStore store = open();
    InboundMessage ann1 = StoreFixture.dm("100", "1", "first from Ann");
    InboundMessage bob = StoreFixture.dm("200", "2", "from Bob");
    InboundMessage ann2 = StoreFixture.dm("100", "3", "second from Ann");
    for (InboundMessage message : List.of(ann1, bob, ann2)) {
      store.inbox().journal(message).await();
    }
    store.close().await();

    SqliteStore reopened = open();
    assertEquals(List.of(ann1, bob, ann2), reopened.inbox().unanswered().await(), "whole messages, in order");
    reopened.close().await();
  }

  @Test
  void answeredAndDroppedMessagesAreNotRepublished() {
    SqliteStore store = open();
    InboundMessage answered = StoreFixture.dm("100", "1", "answered");
    InboundMessage dropped = StoreFixture.dm("200", "2", "dropped");
    InboundMessage waiting = StoreFixture.dm("300", "3", "waiting");
    for (InboundMessage message : List.of(answered, dropped, waiting)) {
      store.inbox().journal(message).await();
    }
    store.inbox().markAnswered(answered.id()).await();
    store.inbox().markDropped(dropped.id(), "access denied").await();
    store.close().await();

    SqliteStore reopened = open();
    assertEquals(List.of(waiting), reopened.inbox().unanswered().await());
    reopened.close().await();
  }

  @Test
  void answeringAMessageAnswersTheEarlierOnesOfItsTurnOnly() {
    SqliteStore store = open();
    InboundMessage ann1 = StoreFixture.dm("100", "1", "joined the turn");
    InboundMessage bob = StoreFixture.dm("200", "2", "another session");
    InboundMessage ann2 = StoreFixture.dm("100", "3", "the turn's last message");
    InboundMessage ann3 = StoreFixture.dm("100", "4", "arrived after the turn");
    for (InboundMessage message : List.of(ann1, bob, ann2, ann3)) {
      store.inbox().journal(message).await();
    }
    store.inbox().markAnswered(ann2.id()).await();
    assertEquals(List.of(bob, ann3), store.inbox().unanswered().await());
    store.close().await();
  }

  @Test
  void journalingTheSameMessageTwiceKeepsOneRow() {
    SqliteStore store = open();
    InboundMessage message = StoreFixture.dm("100", "1", "hello");
    store.inbox().journal(message).await();
    store.inbox().journal(message).await();
    assertEquals(List.of(message), store.inbox().unanswered().await());
    store.close().await();
  }
}

package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SqliteDedupeLogTest extends StoreFileTestBase {

  @Test
  void aRetriedIdIsRecognised() {
    SqliteStore store = open();
    assertTrue(store.dedupeLog().firstSighting("telegram:1").await());
    assertFalse(store.dedupeLog().firstSighting("telegram:1").await());
    assertTrue(store.dedupeLog().firstSighting("telegram:2").await());
    store.close().await();
  }

  @Test
  void aForgottenIdIsFirstOnceMoreThenADuplicateAgain() {
    SqliteStore store = open();
    assertTrue(store.dedupeLog().firstSighting("telegram:1").await());
    store.dedupeLog().forget("telegram:1");
    assertTrue(store.dedupeLog().firstSighting("telegram:1").await(), "the retry of a message not kept");
    assertFalse(store.dedupeLog().firstSighting("telegram:1").await());
    store.close().await();
  }

  @Test
  void ofConcurrentDuplicatesExactlyOneIsFirst() {
    SqliteStore store = open();
    List<Future<Boolean>> sightings = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sightings.add(store.dedupeLog().firstSighting("whatsapp:wamid.1"));
    }
    long first = Future.all(sightings).await().<Boolean>list().stream().filter(Boolean::booleanValue).count();
    assertEquals(1, first);
    store.close().await();
  }

  @Test
  void aJournaledMessageStaysADuplicateAfterARestart() {
    SqliteStore store = open();
    assertTrue(store.dedupeLog().firstSighting("telegram:7").await());
    store.inbox().journal(StoreFixture.dm("100", "7", "hello")).await();
    store.close().await();

    SqliteStore reopened = open();
    assertFalse(reopened.dedupeLog().firstSighting("telegram:7").await(), "the platform's retry is ignored");
    reopened.close().await();
  }

  @Test
  void aMessageSeenButNeverJournaledByAnEndedRunIsAcceptedAgain() {
    // The bridge died after deduplicating the message and before journaling it: the platform never
    // got its 200 and retries, and that retry is the only copy left.
    SqliteStore store = open();
    assertTrue(store.dedupeLog().firstSighting("telegram:8").await());
    store.close().await();

    SqliteStore reopened = open();
    assertTrue(reopened.dedupeLog().firstSighting("telegram:8").await());
    assertFalse(reopened.dedupeLog().firstSighting("telegram:8").await(), "but only once in the new run");
    reopened.close().await();
  }
}

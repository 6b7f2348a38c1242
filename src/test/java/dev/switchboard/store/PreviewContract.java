package dev.switchboard.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Part of the {@link StoreContract}, run with it against both databases: the message that shows a
 * reply while it is written is found again after a restart (the bridge died before the final), under
 * its own channel only, until the final landed in it.
 */
@Timeout(30)
interface PreviewContract {

  Store open();

  Store reopen(Store store);

  Store beside();

  void advanceClock(Duration duration);

  ShownPreview STREAM = new ShownPreview("slack", "slack:C1:1700000000.000100", "C1", "1700000000.000200", true);
  ShownPreview POSTED = new ShownPreview("slack", "slack:D2:1700000000.000300", "D2", "1700000000.000400", false);

  @Test
  default void previewsShownBeforeACrashAreFoundAfterTheRestartWithTheirKindInTheOrderShown() {
    Store store = open();
    store.previews().remember(STREAM).await();
    advanceClock(Duration.ofSeconds(1));
    store.previews().remember(POSTED).await();

    Store restarted = reopen(store);
    assertEquals(List.of(STREAM, POSTED), restarted.previews().unfinished("slack").await());
    assertEquals(List.of(), restarted.previews().unfinished("telegram").await(), "another channel has none");
  }

  @Test
  default void aReplyFinishedInItsPreviewLeavesNothingBehindForAnyNode() {
    Store store = open();
    Store otherNode = beside();
    store.previews().remember(STREAM).await();
    store.previews().remember(POSTED).await();
    assertEquals(2, otherNode.previews().unfinished("slack").await().size());

    otherNode.previews().forget("slack", STREAM.inboundId()).await();
    otherNode.previews().forget("telegram", POSTED.inboundId()).await();
    assertEquals(List.of(POSTED), reopen(store).previews().unfinished("slack").await(),
        "only the finished reply's preview goes");
  }

  @Test
  default void aReplyShownAgainKeepsOnlyItsLatestMessage() {
    Store store = open();
    store.previews().remember(STREAM).await();
    ShownPreview posted = new ShownPreview("slack", STREAM.inboundId(), "C1", "1700000000.000900", false);
    store.previews().remember(posted).await();
    assertEquals(List.of(posted), reopen(store).previews().unfinished("slack").await());
  }

  @Test
  default void aPreviewWhoseFinalNeverCameIsPrunedAfterTheOutboxRetention() {
    Store store = open();
    store.previews().remember(STREAM).await();
    advanceClock(Retention.FINISHED_RETENTION.minusHours(1));
    store.previews().remember(POSTED).await();
    advanceClock(Duration.ofHours(2));
    store.prune().await();
    assertEquals(List.of(POSTED), store.previews().unfinished("slack").await(), "only the recent one stays");
  }
}

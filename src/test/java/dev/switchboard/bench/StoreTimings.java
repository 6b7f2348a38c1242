package dev.switchboard.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's group commits as the bridge logs them at debug level
 * ({@code -Dorg.slf4j.simpleLogger.log.dev.switchboard.store.CommitQueue=debug}): how many writes
 * each transaction carried, how long its first write waited in the queue, how long it ran.
 */
final class StoreTimings {

  /** The flag that turns the store's transaction lines on. */
  static final String DEBUG_FLAG = "-Dorg.slf4j.simpleLogger.log.dev.switchboard.store.CommitQueue=debug";
  private static final Pattern TRANSACTION =
      Pattern.compile("transaction of (\\d+) writes: the first waited (\\d+) µs, the transaction took (\\d+) µs");

  private StoreTimings() {
  }

  /** A summary of the transactions among {@code log}, or null when the store logged none. */
  static String summary(List<String> log) {
    Latencies writes = new Latencies();
    Latencies waited = new Latencies();
    Latencies took = new Latencies();
    for (String line : log) {
      Matcher transaction = TRANSACTION.matcher(line);
      if (transaction.find()) {
        writes.record(Long.parseLong(transaction.group(1)) * 1_000_000);
        waited.record(Long.parseLong(transaction.group(2)) * 1_000);
        took.record(Long.parseLong(transaction.group(3)) * 1_000);
      }
    }
    if (writes.count() == 0) {
      return null;
    }
    return String.format("%d transactions, writes each p50 %.0f max %.0f; first write queued p50 %.2f p99 %.2f ms;"
            + " transaction p50 %.2f p99 %.2f max %.2f ms", writes.count(), writes.percentileMs(50),
        writes.percentileMs(100), waited.percentileMs(50), waited.percentileMs(99), took.percentileMs(50),
        took.percentileMs(99), took.percentileMs(100));
  }
}

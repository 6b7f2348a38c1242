package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's group commits as the bridge logs them at debug level
 * ({@code -Dswitchboard.log.level.dev.switchboard.store.CommitQueue=debug}): how many writes
 * each transaction carried, how long its first write waited in the queue, how long it ran.
 */
final class StoreTimings {

  /** The flag that turns the store's transaction lines on. */
  static final String DEBUG_FLAG = "-Dswitchboard.log.level.dev.switchboard.store.CommitQueue=debug";
  private static final Pattern TRANSACTION =
      Pattern.compile("(\\w+) transaction of (\\d+) writes: the first waited (\\d+) µs, the transaction took (\\d+) µs");

  private StoreTimings() {
  }

  /**
   * A summary of the transactions among {@code log}, per queue ("store"; on PostgreSQL also "intake"),
   * or null when the store logged none.
   */
  static String summary(List<String> log) {
    Map<String, Latencies[]> byQueue = new TreeMap<>();
    for (String line : log) {
      Matcher transaction = TRANSACTION.matcher(line);
      if (transaction.find()) {
        Latencies[] queue = byQueue.computeIfAbsent(transaction.group(1),
            role -> new Latencies[] {new Latencies(), new Latencies(), new Latencies()});
        queue[0].record(Long.parseLong(transaction.group(2)) * 1_000_000);
        queue[1].record(Long.parseLong(transaction.group(3)) * 1_000);
        queue[2].record(Long.parseLong(transaction.group(4)) * 1_000);
      }
    }
    if (byQueue.isEmpty()) {
      return null;
    }
    List<String> summaries = new ArrayList<>();
    byQueue.forEach((role, queue) -> summaries.add(String.format(
        "%s: %d transactions, writes each p50 %.0f max %.0f; first write queued p50 %.2f p99 %.2f ms;"
            + " transaction p50 %.2f p99 %.2f max %.2f ms", role, queue[0].count(), queue[0].percentileMs(50),
        queue[0].percentileMs(100), queue[1].percentileMs(50), queue[1].percentileMs(99), queue[2].percentileMs(50),
        queue[2].percentileMs(99), queue[2].percentileMs(100))));
    return String.join(" · ", summaries);
  }
}

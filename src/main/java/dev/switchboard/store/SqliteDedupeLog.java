package dev.switchboard.store;

import dev.switchboard.store.DedupeLog;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DedupeLog} in the {@code seen} table, surviving restarts. An id seen by an earlier run of
 * the bridge that was never journaled counts as new again: that run died between deduplicating the
 * message and journaling it, before answering the platform, whose retry must then be accepted.
 */
final class SqliteDedupeLog implements DedupeLog {

  private static final String RECORD = "INSERT INTO seen (id, run, seen_at) VALUES (?, ?, ?)"
      + " ON CONFLICT (id) DO UPDATE SET run = excluded.run, seen_at = excluded.seen_at"
      + " WHERE seen.journaled = 0 AND seen.run <> excluded.run";

  private final CommitQueue queue;
  private final Clock clock;
  private final long run;
  /** Ids taken back in this run: their next sighting is a first one, whatever the table says. */
  private final Set<String> forgotten = ConcurrentHashMap.newKeySet();

  SqliteDedupeLog(CommitQueue queue, Clock clock, long run) {
    this.queue = queue;
    this.clock = clock;
    this.run = run;
  }

  @Override
  public Future<Boolean> firstSighting(String id) {
    long now = clock.millis();
    boolean retryOfForgotten = takeBack(id);
    return queue.writeFirst(StatementWrite.of(ran -> ran.changed()[0] == 1 || retryOfForgotten,
        new StatementWrite.Statement(RECORD, id, run, now)));
  }

  @Override
  public void forget(String id) {
    forgotten.add(id);
  }

  /** Whether the id was taken back ({@link #forget}) since its last sighting; its next sighting is a first one. */
  boolean takeBack(String id) {
    return forgotten.remove(id);
  }
}

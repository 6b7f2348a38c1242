package dev.switchboard.channel;

import dev.switchboard.store.DedupeLog;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link DedupeLog} held in memory: the channel tests' stand-in for the durable SQLite log.
 * Bounded twice: an id is forgotten {@code ttl} after its first sighting (platforms stop retrying
 * long before 24 h for Slack and Telegram), and past {@code maxEntries} the oldest ids go first.
 * One lock guards the map: the critical section is a hash lookup, far cheaper than contention
 * tricks would be worth at webhook rates.
 */
public final class InMemoryDedupeLog implements DedupeLog {

  public static final Duration DEFAULT_TTL = Duration.ofHours(24);
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private final Clock clock;
  private final long ttlMs;
  private final int maxEntries;
  /** id to first-sighting time, in insertion order, so the eldest entry is always first. */
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

  public InMemoryDedupeLog(Clock clock, Duration ttl, int maxEntries) {
    if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
      throw new IllegalArgumentException("ttl and maxEntries must be positive");
    }
    this.clock = clock;
    this.ttlMs = ttl.toMillis();
    this.maxEntries = maxEntries;
  }

  public InMemoryDedupeLog() {
    this(Clock.systemUTC(), DEFAULT_TTL, DEFAULT_MAX_ENTRIES);
  }

  @Override
  public Future<Boolean> firstSighting(String id) {
    return Future.succeededFuture(record(id));
  }

  @Override
  public synchronized void forget(String id) {
    seen.remove(id);
  }

  private synchronized boolean record(String id) {
    long now = clock.millis();
    forgetExpired(now);
    if (seen.containsKey(id)) {
      return false;
    }
    seen.put(id, now);
    if (seen.size() > maxEntries) {
      Iterator<String> eldest = seen.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    return true;
  }

  private void forgetExpired(long now) {
    Iterator<Map.Entry<String, Long>> entries = seen.entrySet().iterator();
    while (entries.hasNext() && now - entries.next().getValue() >= ttlMs) {
      entries.remove();
    }
  }

  /** How many ids are remembered now (expired ones included until the next call prunes them). */
  public synchronized int size() {
    return seen.size();
  }
}

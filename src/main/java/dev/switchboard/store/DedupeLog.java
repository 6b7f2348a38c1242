package dev.switchboard.store;

import io.vertx.core.Future;

/**
 * Remembers which platform message ids were already accepted, so that a platform's retries and
 * double deliveries are acknowledged and ignored. Implementations are safe to call from any thread.
 */
public interface DedupeLog {

  /**
   * Records the id and tells whether this is its first sighting. Atomic: of two concurrent calls
   * with the same id, exactly one gets true.
   */
  Future<Boolean> firstSighting(String id);

  /**
   * Takes back a sighting whose message could not be kept (its journal write failed, so the
   * platform got a 5xx): the platform's retry must then be accepted, not dropped as a duplicate.
   * Works even when the storage behind the log is failing.
   */
  void forget(String id);
}

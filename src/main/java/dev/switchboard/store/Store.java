package dev.switchboard.store;

import dev.switchboard.store.DedupeLog;
import dev.switchboard.store.PairingStore;
import dev.switchboard.store.SessionHistory;
import dev.switchboard.store.SessionPreferences;
import dev.switchboard.store.HandoverModes;
import io.vertx.core.Future;

/**
 * The bridge's durable state, whichever database keeps it: embedded SQLite for one node
 * ({@code session.store.path}, the default) or a shared PostgreSQL for one or several nodes
 * ({@code session.store.url}). Both implement every port with the same observable behaviour.
 *
 * <p>Every future completes on the caller's Vert.x context; no JDBC call runs on an event loop. A
 * write's future completes only once its transaction committed.
 */
public interface Store {

  /** {@code "sqlite"} or {@code "postgresql"}. */
  String kind();

  /** Where the data is, for operators: the SQLite file, or the database URL without its password. */
  String location();

  DedupeLog dedupeLog();

  Inbox inbox();

  Outbox outbox();

  SessionHistory sessionHistory();

  SessionPreferences sessionPreferences();

  /** Approved senders and pending pairing codes, shared with the {@code pairing} command. */
  PairingStore pairing();

  /** The inbox as a work queue for several nodes (one node may use it too). */
  InboxClaims inboxClaims();

  /** The outbox as a work queue for several nodes. */
  OutboxClaims outboxClaims();

  /** The chats users wrote in, so that a send to a person finds its session and WhatsApp window. */
  ChatDirectory chats();

  /** Idempotency keys of sends to people: a key is queued once, by whichever node sees it first. */
  SendLedger sends();

  /** Which sessions a person has taken over, kept where every node reads it. */
  HandoverModes handoverModes();

  /**
   * Whether the database answered the last time it was used (or probed, while it did not): false while
   * a PostgreSQL server is unreachable, true again once it answers. For {@code /readyz}.
   */
  boolean isHealthy();

  /** Runs a trivial statement: succeeds when the database answers now (for {@code doctor}). */
  Future<Void> ping();

  /** Deletes what retention allows now; runs by itself at open and every hour. */
  Future<Pruned> prune();

  /** Commits the writes already requested, then releases the database. Calling it again is harmless. */
  Future<Void> close();
}

package dev.switchboard.model;

/**
 * Reads one API's event stream into a result. Implementations throw {@link ModelException} for an
 * error event; any other exception is taken as a malformed stream.
 */
interface StreamDecoder<T> {

  /** What an event meant for the deadlines. */
  enum Progress {
    /** Bookkeeping (created, ping, part added): the first-token deadline keeps running. */
    NOTHING,
    /** Generated text or reasoning arrived: from now on only the idle deadline applies. */
    TOKEN,
    /** The terminal event: the result is ready. */
    DONE
  }

  Progress accept(SseEvent event);

  /**
   * Every event of one network chunk has been accepted: the moment to pass on the text they carried
   * at once (a backend that sends many deltas together needs no more than one hand-off).
   */
  default void chunkEnded() {
  }

  /** The result once the terminal event arrived or the body ended; throws when the stream was cut short. */
  T finish();
}

package dev.switchboard.config;

/**
 * The top-level {@code streaming} section: how often a chat platform is shown a reply that is still
 * being written (channels opt in with {@code channels.<name>.streaming: true}).
 *
 * @param minIntervalMs at least this long between two previews of one reply, in milliseconds
 */
public record StreamingConfig(long minIntervalMs) {

  public static final long DEFAULT_MIN_INTERVAL_MS = 1_000;
  public static final StreamingConfig DEFAULT = new StreamingConfig(DEFAULT_MIN_INTERVAL_MS);

  static StreamingConfig from(ConfigNode streaming) {
    streaming.allowOnly("minIntervalMs");
    return new StreamingConfig(streaming.number("minIntervalMs", DEFAULT_MIN_INTERVAL_MS, 100, 60_000));
  }
}

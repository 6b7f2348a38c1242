package dev.switchboard.bench;

import java.util.Arrays;

/** Recorded latencies in nanoseconds, and their percentiles; single-threaded (one event loop) use. */
final class Latencies {

  private long[] values = new long[1 << 16];
  private int size;

  void record(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  int count() {
    return size;
  }

  /** The p-th percentile (0–100) in milliseconds. */
  double percentileMs(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
    return sorted[index] / 1_000_000.0;
  }

  String summary() {
    return String.format("n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms", size, percentileMs(50),
        percentileMs(90), percentileMs(99), percentileMs(100));
  }
}

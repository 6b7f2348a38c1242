package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stop-the-world pauses a JVM logged with {@code -Xlog:gc:file=...}: how many, how long. */
final class GcLog {

  private static final Pattern PAUSE = Pattern.compile("\\[([\\d.]+)s\\].* Pause .* ([\\d.]+)ms$");

  private GcLog() {
  }

  /** The flag that makes the JVM write its pauses to {@code file}, with its uptime on each line. */
  static String flag(Path file) {
    return "-Xlog:gc:file=" + file + ":uptime";
  }

  /** "N pauses after UPTIME s, p50 / p99 / max ms" for the pauses logged after {@code fromUptimeSeconds}. */
  static String summary(Path file, double fromUptimeSeconds) throws IOException {
    Latencies pauses = new Latencies();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines) {
      Matcher pause = PAUSE.matcher(line);
      if (pause.find() && Double.parseDouble(pause.group(1)) >= fromUptimeSeconds) {
        pauses.record((long) (Double.parseDouble(pause.group(2)) * 1_000_000));
      }
    }
    return pauses.count() == 0 ? "no pause" : String.format("%d pauses, p50 %.2f ms, p99 %.2f ms, max %.2f ms",
        pauses.count(), pauses.percentileMs(50), pauses.percentileMs(99), pauses.percentileMs(100));
  }
}

package dev.switchboard.ops.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * One line per event: {@code 2026-12-07T11:15:33.642+0000 INFO RunCommand - message}, the time in the
 * machine's zone, then the throwable's stack trace if there is one. A line is written whole, so lines
 * of several threads never mix.
 */
final class LineLogger extends LegacyAbstractLogger {

  private final String shortName;
  private final int threshold;
  private final transient PrintStream out;

  LineLogger(String name, int threshold, PrintStream out) {
    this.name = name;
    this.shortName = name.substring(name.lastIndexOf('.') + 1);
    this.threshold = threshold;
    this.out = out;
  }

  @Override
  public boolean isTraceEnabled() {
    return writes(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return writes(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return writes(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return writes(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return writes(Level.ERROR);
  }

  private boolean writes(Level level) {
    return level.toInt() >= threshold;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                             Throwable throwable) {
    // SLF4J's AbstractLogger has taken a trailing throwable out of the arguments, as slf4j-simple got it.
    StringBuilder line = new StringBuilder(96);
    appendTime(line, System.currentTimeMillis());
    line.append(' ').append(level).append(' ').append(shortName).append(" - ")
        .append(MessageFormatter.basicArrayFormat(pattern, arguments));
    synchronized (out) {
      out.println(line);
      if (throwable != null) {
        throwable.printStackTrace(out);
      }
    }
  }

  /** {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ} in the machine's zone, as slf4j-simple wrote it for this bridge. */
  static void appendTime(StringBuilder line, long epochMillis) {
    Instant instant = Instant.ofEpochMilli(epochMillis);
    ZoneOffset offset = MachineZone.RULES.getOffset(instant);
    LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset);
    line.append(time.getYear()).append('-');
    pad(line, time.getMonthValue(), 2).append('-');
    pad(line, time.getDayOfMonth(), 2).append('T');
    pad(line, time.getHour(), 2).append(':');
    pad(line, time.getMinute(), 2).append(':');
    pad(line, time.getSecond(), 2).append('.');
    pad(line, time.getNano() / 1_000_000, 3);
    int seconds = offset.getTotalSeconds();
    line.append(seconds < 0 ? '-' : '+');
    pad(line, Math.abs(seconds) / 3600, 2);
    pad(line, Math.abs(seconds) / 60 % 60, 2);
  }

  /** Read at the first line, not when logging is set up: the zone's rules take a start ~15 ms to load. */
  private static final class MachineZone {
    static final ZoneRules RULES = ZoneId.systemDefault().getRules();
  }

  private static StringBuilder pad(StringBuilder line, int value, int digits) {
    String text = Integer.toString(value);
    for (int i = text.length(); i < digits; i++) {
      line.append('0');
    }
    return line.append(text);
  }
}

package dev.switchboard.ops.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The loggers of one {@link LogLevels}, writing to one stream; one per name. */
final class LineLoggers implements ILoggerFactory {

  private final LogLevels levels;
  private final PrintStream out;
  private final Map<String, LineLogger> byName = new ConcurrentHashMap<>();

  LineLoggers(LogLevels levels, PrintStream out) {
    this.levels = levels;
    this.out = out;
  }

  @Override
  public Logger getLogger(String name) {
    return byName.computeIfAbsent(name, n -> new LineLogger(n, levels.of(n), out));
  }
}

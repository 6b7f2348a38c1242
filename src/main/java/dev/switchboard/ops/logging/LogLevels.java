package dev.switchboard.ops.logging;

import org.slf4j.event.Level;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Which events each logger writes: the most specific setting among the logger's name and its dotted
 * prefixes, else the default. Settings come from the bridge's {@code switchboard-log.properties} and
 * then from system properties, which win: {@code -Dswitchboard.log.level=debug} for every logger,
 * {@code -Dswitchboard.log.level.dev.switchboard.store=debug} for one package.
 */
final class LogLevels {

  static final String DEFAULT_KEY = "switchboard.log.level";
  static final String RESOURCE = "/switchboard-log.properties";
  /** Past every level: the logger writes nothing. */
  private static final int OFF = Integer.MAX_VALUE;

  private final int defaultThreshold;
  private final Map<String, Integer> thresholds;
  private final List<String> ignored;

  private LogLevels(int defaultThreshold, Map<String, Integer> thresholds, List<String> ignored) {
    this.defaultThreshold = defaultThreshold;
    this.thresholds = thresholds;
    this.ignored = ignored;
  }

  /** The bundled settings, then {@code overrides} (the system properties) over them. */
  static LogLevels fromDefaults(Properties overrides) {
    Properties settings = new Properties();
    try (InputStream bundled = LogLevels.class.getResourceAsStream(RESOURCE)) {
      if (bundled != null) {
        settings.load(bundled);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    for (String key : overrides.stringPropertyNames()) {
      if (key.startsWith(DEFAULT_KEY)) {
        settings.setProperty(key, overrides.getProperty(key));
      }
    }
    return of(settings);
  }

  static LogLevels of(Properties settings) {
    List<String> ignored = new ArrayList<>();
    Integer defaultThreshold = threshold(settings, DEFAULT_KEY, ignored);
    Map<String, Integer> thresholds = new HashMap<>();
    String prefix = DEFAULT_KEY + ".";
    for (String key : settings.stringPropertyNames()) {
      Integer threshold = key.startsWith(prefix) ? threshold(settings, key, ignored) : null;
      if (threshold != null) {
        thresholds.put(key.substring(prefix.length()), threshold);
      }
    }
    return new LogLevels(defaultThreshold == null ? Level.INFO.toInt() : defaultThreshold, Map.copyOf(thresholds),
        List.copyOf(ignored));
  }

  /** Settings that name no level, each as a line to show: a typo must not cost the bridge its logs. */
  List<String> ignored() {
    return ignored;
  }

  /** The lowest level {@code loggerName} writes, as an SLF4J level int; {@code Integer.MAX_VALUE} for none. */
  int of(String loggerName) {
    String name = loggerName;
    while (true) {
      Integer threshold = thresholds.get(name);
      if (threshold != null) {
        return threshold;
      }
      int dot = name.lastIndexOf('.');
      if (dot < 0) {
        return defaultThreshold;
      }
      name = name.substring(0, dot);
    }
  }

  private static Integer threshold(Properties settings, String key, List<String> ignored) {
    String value = settings.getProperty(key);
    if (value == null) {
      return null;
    }
    String level = value.strip().toUpperCase(Locale.ROOT);
    if (level.equals("OFF")) {
      return OFF;
    }
    try {
      return Level.valueOf(level).toInt();
    } catch (IllegalArgumentException e) {
      ignored.add("log setting " + key + "=" + value + " ignored: the levels are trace, debug, info, warn, error and off");
      return null;
    }
  }
}

package dev.switchboard.ops.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class LogLevelsTest {

  private static Properties settings(String... keysAndValues) {
    Properties settings = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return settings;
  }

  @Test
  void theMostSpecificPrefixOfALoggersNameDecides() {
    LogLevels levels = LogLevels.of(settings("switchboard.log.level", "warn",
        "switchboard.log.level.dev.switchboard", "info",
        "switchboard.log.level.dev.switchboard.store.CommitQueue", "DEBUG"));
    assertEquals(Level.WARN.toInt(), levels.of("io.netty.Bootstrap"));
    assertEquals(Level.INFO.toInt(), levels.of("dev.switchboard.routing.RouterVerticle"));
    assertEquals(Level.DEBUG.toInt(), levels.of("dev.switchboard.store.CommitQueue"));
    assertEquals(Level.INFO.toInt(), levels.of("dev.switchboard.store.CommitQueueTimer"), "a prefix ends at a dot");
  }

  @Test
  void theBundledSettingsApplyAndSystemPropertiesWinOverThem() {
    LogLevels bundled = LogLevels.fromDefaults(new Properties());
    assertEquals(Level.INFO.toInt(), bundled.of("dev.switchboard.cli.RunCommand"));
    assertEquals(Level.WARN.toInt(), bundled.of("io.netty.channel.DefaultChannelPipeline"));

    LogLevels overridden = LogLevels.fromDefaults(settings("switchboard.log.level", "error",
        "switchboard.log.level.io.netty", "debug", "unrelated.property", "x"));
    assertEquals(Level.ERROR.toInt(), overridden.of("dev.switchboard.cli.RunCommand"));
    assertEquals(Level.DEBUG.toInt(), overridden.of("io.netty.channel.DefaultChannelPipeline"));
  }

  @Test
  void offSilencesALoggerAndATypoIsReportedNotFatal() {
    LogLevels levels = LogLevels.of(settings("switchboard.log.level", "verbose",
        "switchboard.log.level.io.micrometer", "off"));
    assertEquals(Level.INFO.toInt(), levels.of("dev.switchboard.Switchboard"), "an unknown default leaves info");
    assertEquals(Integer.MAX_VALUE, levels.of("io.micrometer.core.instrument.MeterRegistry"));
    assertEquals(List.of("log setting switchboard.log.level=verbose ignored: the levels are trace, debug, info,"
        + " warn, error and off"), levels.ignored());
  }
}

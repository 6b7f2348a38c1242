package dev.switchboard.ops.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class LineLoggerTest {

  private final ByteArrayOutputStream written = new ByteArrayOutputStream();

  private Logger logger(String name, String level) {
    Properties settings = new Properties();
    settings.setProperty("switchboard.log.level", level);
    return new LineLoggers(LogLevels.of(settings), new PrintStream(written, true, StandardCharsets.UTF_8))
        .getLogger(name);
  }

  private String output() {
    return written.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anEventIsOneLineWithTimeLevelShortNameAndTheFilledInMessage() {
    logger("dev.switchboard.cli.RunCommand", "info").info("ready in {} ms on {}", 512, "http://127.0.0.1:8080");
    String line = output();
    assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} INFO RunCommand"
        + " - ready in 512 ms on http://127.0.0.1:8080\\R"), line);
  }

  @Test
  void theTimeIsTheMachinesLocalTimeWithItsOffset() {
    long instant = 1_796_000_000_123L;
    StringBuilder line = new StringBuilder();
    LineLogger.appendTime(line, instant);
    String expected = OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(instant), ZoneId.systemDefault())
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx"));
    assertEquals(expected, line.toString());
  }

  @Test
  void eventsBelowTheLoggersLevelAreNotWritten() {
    Logger logger = logger("dev.switchboard.store.CommitQueue", "warn");
    logger.info("not shown");
    logger.debug("not shown either {}", 1);
    assertFalse(logger.isInfoEnabled());
    assertTrue(logger.isWarnEnabled());
    assertEquals("", output());
    logger.atLevel(Level.ERROR).log("shown");
    assertTrue(output().endsWith(" ERROR CommitQueue - shown" + System.lineSeparator()), output());
  }

  @Test
  void aThrowableAsTheLastArgumentIsPrintedWithItsStackTrace() {
    IllegalStateException failure = new IllegalStateException("disk full");
    logger("dev.switchboard.store.SqliteStore", "info").warn("store {} failed", "a.db", failure);
    String text = output();
    assertTrue(text.contains(" WARN SqliteStore - store a.db failed" + System.lineSeparator()
        + "java.lang.IllegalStateException: disk full"), text);
    assertTrue(text.contains("\tat dev.switchboard.ops.logging.LineLoggerTest."), text);
  }
}

package dev.switchboard;

import dev.switchboard.cli.CommandLine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

  @Test
  void runIsTheDefaultCommand() {
    CommandLine line = CommandLine.parse(new String[] {"--config", "conf/x.json5"});
    assertEquals("run", line.command());
    assertEquals("conf/x.json5", line.config());
  }

  @Test
  void askTakesJsonAndTheTextInAnyOrder() {
    CommandLine line = CommandLine.parse(new String[] {"ask", "--json", "hello", "world", "--config=c.json5"});
    assertEquals("ask", line.command());
    assertTrue(line.json());
    assertEquals("c.json5", line.config());
    assertEquals(List.of("hello", "world"), line.arguments());
  }

  @Test
  void pairingKeepsItsArguments() {
    assertEquals(List.of("approve", "telegram", "ABCD2345"),
        CommandLine.parse(new String[] {"pairing", "approve", "telegram", "ABCD2345"}).arguments());
  }

  @Test
  void mistakesAreOneLineReasons() {
    assertEquals("unknown command \"serve\"",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"serve"})).getMessage());
    assertEquals("--config needs a file",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"check", "--config"})).getMessage());
    assertEquals("unknown option --verbose",
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"check", "--verbose"})).getMessage());
  }
}

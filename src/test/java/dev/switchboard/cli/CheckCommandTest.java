package dev.switchboard.cli;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code check} says about the channels: what {@code run} would do with each, since check starts none. */
class CheckCommandTest {

  @Test
  void eachChannelIsDescribedByWhatRunWouldDo() {
    SwitchboardConfig config = ConfigLoader.parse("test", """
        { models: { mode: "replace", providers: { local: { baseUrl: "http://127.0.0.1:1234/v1", apiKey: "k",
            api: "openai-responses", models: [{ id: "m" }] } } },
          agents: { defaults: { model: { primary: "local/m" } } },
          channels: { telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", webhookSecret: "secret-token" },
                      slack: { botToken: "${SLACK_BOT_TOKEN}", signingSecret: "s" } } }
        """, Map.of("TELEGRAM_BOT_TOKEN", "123:abc"));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exit = CheckCommand.run(Path.of("test.json5"), config, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String text = printed.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCodes.EXIT_OK, exit, text);
    assertTrue(text.contains("\n  telegram: starts with run\n"), text);
    assertTrue(text.contains("\n  slack: not configured (SLACK_BOT_TOKEN not set (channels.slack.botToken))"), text);
  }
}

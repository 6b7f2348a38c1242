package dev.switchboard.channel.slack;

import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class SlackOptionsTest {

  @Test
  void readsTheSecretsAndDefaultsTheRest() {
    SlackOptions options = SlackOptions.from(slack(new JsonObject()
        .put("botToken", "xoxb-1-2-abc").put("signingSecret", "s3cret"), Map.of()));
    assertTrue(options.complete());
    assertEquals("xoxb-1-2-abc", options.botToken());
    assertEquals("s3cret", options.signingSecret());
    assertEquals("https://slack.com/api", options.apiBaseUrl());
    assertEquals(3, options.maxSendAttempts());
  }

  @Test
  void namesTheUnsetEnvironmentVariables() {
    // As the config loader leaves them: the reference kept in place and recorded under its path.
    SlackOptions options = SlackOptions.from(slack(new JsonObject().put("botToken", "${SLACK_BOT_TOKEN}")
            .put("signingSecret", "${SLACK_SIGNING_SECRET}"),
        Map.of("channels.slack.botToken", List.of("SLACK_BOT_TOKEN"),
            "channels.slack.signingSecret", List.of("SLACK_SIGNING_SECRET"))));
    assertFalse(options.complete());
    assertEquals(List.of("SLACK_BOT_TOKEN not set (channels.slack.botToken)",
        "SLACK_SIGNING_SECRET not set (channels.slack.signingSecret)"), options.missing());
  }

  @Test
  void aSecretAbsentFromTheFileIsReportedByItsKey() {
    SlackOptions options = SlackOptions.from(slack(new JsonObject().put("botToken", "xoxb-1"), Map.of()));
    assertEquals(List.of("channels.slack.signingSecret is not set"), options.missing());
  }

  @Test
  void directMessagesAreOpenUnlessConfiguredOtherwise() {
    assertEquals(DmPolicy.OPEN, SlackOptions.from(slack(new JsonObject(), Map.of())).common().dmPolicy());
    SlackOptions allowlist = SlackOptions.from(slack(new JsonObject().put("dmPolicy", "allowlist")
        .put("allowFrom", new JsonArray().add("U061F7AUR")), Map.of()));
    assertEquals(DmPolicy.ALLOWLIST, allowlist.common().dmPolicy());
    assertTrue(allowlist.common().allowFromIncludes("U061F7AUR"));
  }

  @Test
  void rejectsAnUnknownKeyWithItsPath() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> SlackOptions.from(slack(new JsonObject().put("signingSecert", "typo"), Map.of())));
    assertEquals("channels.slack.signingSecert", error.path());
  }

  @Test
  void theShippedConfigNeedsOnlyTheTwoEnvironmentVariables() {
    Map<String, String> environment = Map.of("SLACK_BOT_TOKEN", "xoxb-from-env", "SLACK_SIGNING_SECRET", "from-env");
    SlackOptions configured = SlackOptions.from(ConfigLoader.load(Path.of(ConfigLoader.DEFAULT_PATH), environment)
        .channels().object("slack"));
    assertTrue(configured.complete());
    assertEquals("xoxb-from-env", configured.botToken());
    assertEquals("https://slack.com/api", configured.apiBaseUrl());

    SlackOptions unset = SlackOptions.from(ConfigLoader.load(Path.of(ConfigLoader.DEFAULT_PATH), Map.of())
        .channels().object("slack"));
    assertEquals(List.of("SLACK_BOT_TOKEN not set (channels.slack.botToken)",
        "SLACK_SIGNING_SECRET not set (channels.slack.signingSecret)"), unset.missing());
  }

  @Test
  void dropsATrailingSlashFromTheApiBaseUrl() {
    SlackOptions options = SlackOptions.from(slack(new JsonObject().put("apiBaseUrl", "http://127.0.0.1:9/api/"),
        Map.of()));
    assertEquals("http://127.0.0.1:9/api", options.apiBaseUrl());
  }

  @Test
  void rejectsAnApiBaseUrlThatIsNotHttp() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> SlackOptions.from(slack(new JsonObject().put("apiBaseUrl", "slack.com/api"), Map.of())));
    assertEquals("channels.slack.apiBaseUrl", error.path());
  }

  @Test
  void neverPrintsTheToken() {
    SlackOptions options = SlackOptions.from(slack(new JsonObject()
        .put("botToken", "xoxb-very-secret").put("signingSecret", "also-secret"), Map.of()));
    assertFalse(options.toString().contains("very-secret"));
    assertFalse(options.toString().contains("also-secret"));
  }

  private static ConfigNode slack(JsonObject section, Map<String, List<String>> unset) {
    return new ConfigNode(new JsonObject().put("channels", new JsonObject().put("slack", section)), "", unset)
        .object("channels").object("slack");
  }
}

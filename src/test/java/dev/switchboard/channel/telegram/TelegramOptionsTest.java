package dev.switchboard.channel.telegram;

import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class TelegramOptionsTest {

  private static ConfigNode section(JsonObject json, Map<String, List<String>> unset) {
    return new ConfigNode(json, "channels.telegram", unset);
  }

  @Test
  void secretsAndDefaultsAreRead() {
    TelegramOptions options = TelegramOptions.from(section(
        new JsonObject().put("botToken", "123:ABC").put("webhookSecret", "hook_secret-1"), Map.of()));
    assertTrue(options.isComplete());
    assertEquals("123:ABC", options.botToken());
    assertEquals("hook_secret-1", options.webhookSecret());
    assertEquals("https://api.telegram.org", options.apiBaseUrl());
    assertEquals(15_000, options.requestTimeoutMs());
  }

  @Test
  void anUnsetEnvironmentVariableIsReportedByNameAndTheOptionsAreIncomplete() {
    TelegramOptions options = TelegramOptions.from(section(
        new JsonObject().put("botToken", "${TELEGRAM_BOT_TOKEN}").put("webhookSecret", "hook"),
        Map.of("channels.telegram.botToken", List.of("TELEGRAM_BOT_TOKEN"))));
    assertFalse(options.isComplete());
    assertEquals(List.of("TELEGRAM_BOT_TOKEN not set (channels.telegram.botToken)"), options.missing());
  }

  @Test
  void anAbsentSecretIsReportedByPath() {
    TelegramOptions options = TelegramOptions.from(section(new JsonObject().put("botToken", "123:ABC"), Map.of()));
    assertEquals(List.of("channels.telegram.webhookSecret is not set"), options.missing());
  }

  @Test
  void aWebhookSecretTelegramWouldRejectIsAConfigError() {
    ConfigException error = assertThrows(ConfigException.class, () -> TelegramOptions.from(section(
        new JsonObject().put("botToken", "123:ABC").put("webhookSecret", "has spaces!"), Map.of())));
    assertEquals("channels.telegram.webhookSecret", error.path());
  }

  @Test
  void aTrailingSlashOnTheBaseUrlIsDropped() {
    TelegramOptions options = TelegramOptions.from(section(new JsonObject().put("botToken", "1:A")
        .put("webhookSecret", "s").put("apiBaseUrl", "http://127.0.0.1:8081/"), Map.of()));
    assertEquals("http://127.0.0.1:8081", options.apiBaseUrl());
  }

  @Test
  void theCommonChannelOptionsAreReadFromTheSameSection() {
    TelegramOptions options = TelegramOptions.from(section(new JsonObject().put("botToken", "1:A")
        .put("webhookSecret", "s").put("dmPolicy", "allowlist").put("allowFrom", new JsonArray().add("111"))
        .put("groups", new JsonObject().put("requireMention", false)), Map.of()));
    assertEquals(DmPolicy.ALLOWLIST, options.channel().dmPolicy());
    assertTrue(options.channel().allowFromIncludes("111"));
    assertFalse(options.channel().requireMention());
  }

  @Test
  void dmsArePairedByDefault() {
    TelegramOptions options = TelegramOptions.from(section(new JsonObject().put("botToken", "1:A")
        .put("webhookSecret", "s"), Map.of()));
    assertEquals(DmPolicy.PAIRING, options.channel().dmPolicy());
  }

  @Test
  void aMistypedKeyIsRejectedWithItsPath() {
    ConfigException error = assertThrows(ConfigException.class, () -> TelegramOptions.from(section(
        new JsonObject().put("botToken", "1:A").put("webhookSecret", "s").put("webhookSecert", "s"), Map.of())));
    assertEquals("channels.telegram.webhookSecert", error.path());
  }

  @Test
  void printingTheOptionsNeverShowsTheTokenOrTheSecret() {
    TelegramOptions options = TelegramOptions.from(section(
        new JsonObject().put("botToken", "123:SECRETTOKEN").put("webhookSecret", "hooksecret"), Map.of()));
    assertFalse(options.toString().contains("SECRETTOKEN"));
    assertFalse(options.toString().contains("hooksecret"));
  }
}

package dev.switchboard.channel;

import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.channel.gate.GroupPolicy;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigNode;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ChannelOptionsTest {

  @Test
  void anEmptySectionGivesTheDefaults() {
    ChannelOptions options = ChannelOptions.from(section("{}"), DmPolicy.PAIRING);
    assertEquals(ChannelOptions.defaults(DmPolicy.PAIRING), options);
    assertEquals(GroupPolicy.OPEN, options.groupPolicy());
    assertTrue(options.requireMention());
    assertEquals(4000, options.textChunkLimit());
    assertEquals(ChannelOptions.DEFAULT_MAX_CONNECTIONS, options.maxConnections());
    assertEquals(DmPolicy.OPEN, ChannelOptions.from(section("{}"), DmPolicy.OPEN).dmPolicy());
  }

  @Test
  void everyCommonKeyIsRead() {
    ChannelOptions options = ChannelOptions.from(section("""
        {"dmPolicy": "allowlist", "allowFrom": ["+4915112345678", "111"], "groupPolicy": "disabled",
         "groups": {"requireMention": false}, "textChunkLimit": 3500, "maxConnections": 8, "botToken": "x"}"""), DmPolicy.PAIRING);
    assertEquals(new ChannelOptions(DmPolicy.ALLOWLIST, Set.of("+4915112345678", "111"), GroupPolicy.DISABLED,
        false, 3500, 8), options);
  }

  @Test
  void aWrongPolicyIsRejectedWithItsPathAndTheChoices() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> ChannelOptions.from(section("{\"dmPolicy\": \"closed\"}"), DmPolicy.PAIRING));
    assertEquals("channels.telegram.dmPolicy: \"closed\" is not one of open, allowlist, pairing, disabled",
        error.getMessage());
  }

  @Test
  void aTypoInGroupsIsRejected() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> ChannelOptions.from(section("{\"groups\": {\"requireMentions\": false}}"), DmPolicy.PAIRING));
    assertEquals("channels.telegram.groups.requireMentions", error.path());
  }

  @Test
  void aChunkLimitAbovePlatformLimitsIsRejected() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> ChannelOptions.from(section("{\"textChunkLimit\": 5000}"), DmPolicy.PAIRING));
    assertEquals("channels.telegram.textChunkLimit", error.path());
  }

  @Test
  void platformParsersRejectUnknownKeysButAcceptTheCommonOnes() {
    ConfigNode node = section("{\"dmPolicy\": \"open\", \"botToken\": \"t\", \"groups\": {}}");
    node.allowOnly(ChannelOptions.withCommonKeys("botToken", "webhookSecret"));
    assertEquals(List.of("enabled", "dmPolicy", "allowFrom", "groupPolicy", "groups", "textChunkLimit", "maxConnections",
        "botToken"),
        List.of(ChannelOptions.withCommonKeys("botToken")));
    ConfigException error = assertThrows(ConfigException.class,
        () -> section("{\"dmPolicy\": \"open\", \"allowfrom\": []}").allowOnly(ChannelOptions.withCommonKeys("botToken")));
    assertEquals("channels.telegram.allowfrom", error.path());
  }

  @Test
  void allowFromMatchesIdsWithOrWithoutAPlusAndTheWildcard() {
    ChannelOptions numbers = new ChannelOptions(DmPolicy.ALLOWLIST, Set.of("+4915112345678"), GroupPolicy.OPEN,
        true, 4000, 32);
    assertTrue(numbers.allowFromIncludes("4915112345678"));
    assertFalse(numbers.allowFromIncludes("4915112345679"));
    ChannelOptions everyone = new ChannelOptions(DmPolicy.ALLOWLIST, Set.of("*"), GroupPolicy.OPEN, true, 4000, 32);
    assertTrue(everyone.allowFromIncludes("U123"));
  }

  private static ConfigNode section(String json) {
    return new ConfigNode(new JsonObject(json), "channels.telegram", Map.of());
  }
}

package dev.switchboard.channel.whatsapp;

import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigNode;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class WhatsAppOptionsTest {

  private static JsonObject complete() {
    return new JsonObject().put("accessToken", "EAAG-token").put("appSecret", "app-secret")
        .put("verifyToken", "verify-me");
  }

  private static ConfigNode section(JsonObject json, Map<String, List<String>> unset) {
    return new ConfigNode(json, "channels.whatsapp", unset);
  }

  @Test
  void aCompleteSectionStartsWithDefaults() {
    WhatsAppOptions options = WhatsAppOptions.from(section(complete(), Map.of()));

    assertTrue(options.startable());
    assertEquals("EAAG-token", options.accessToken());
    assertEquals("https://graph.facebook.com/v23.0", options.apiBaseUrl());
    assertEquals(NonTextMessages.REPLY, options.nonTextMessages());
    assertNull(options.phoneNumberId());
    assertEquals(3, options.sendAttempts());
    assertEquals(DmPolicy.PAIRING, options.channel().dmPolicy());
    assertEquals(4000, options.channel().textChunkLimit());
  }

  @Test
  void theCommonChannelKeysAreReadToo() {
    JsonObject json = complete().put("dmPolicy", "allowlist").put("allowFrom", List.of("+16505551234"))
        .put("textChunkLimit", 1000);

    WhatsAppOptions options = WhatsAppOptions.from(section(json, Map.of()));

    assertEquals(DmPolicy.ALLOWLIST, options.channel().dmPolicy());
    assertTrue(options.channel().allowFromIncludes("16505551234"));
    assertEquals(1000, options.channel().textChunkLimit());
  }

  @Test
  void printingTheOptionsNeverShowsASecret() {
    String printed = WhatsAppOptions.from(section(complete(), Map.of())).toString();

    assertFalse(printed.contains("EAAG-token") || printed.contains("app-secret") || printed.contains("verify-me"),
        printed);
  }

  @Test
  void missingSecretsAreNamedByTheirVariableAndKeepTheChannelFromStarting() {
    JsonObject json = complete().put("appSecret", "").put("verifyToken", "");
    WhatsAppOptions options = WhatsAppOptions.from(section(json,
        Map.of("channels.whatsapp.appSecret", List.of("WHATSAPP_APP_SECRET"))));

    assertFalse(options.startable());
    assertEquals(List.of("WHATSAPP_APP_SECRET not set (channels.whatsapp.appSecret)",
        "channels.whatsapp.verifyToken is not set"), options.missingSecrets());
  }

  @Test
  void readsTheOptionalSettings() {
    JsonObject json = complete().put("apiBaseUrl", "http://127.0.0.1:9999/v23.0/").put("phoneNumberId", "1065")
        .put("nonTextMessages", "ignore").put("sendAttempts", 5);

    WhatsAppOptions options = WhatsAppOptions.from(section(json, Map.of()));

    assertEquals("http://127.0.0.1:9999/v23.0", options.apiBaseUrl(), "trailing slash dropped");
    assertEquals("1065", options.phoneNumberId());
    assertEquals(NonTextMessages.IGNORE, options.nonTextMessages());
    assertEquals(5, options.sendAttempts());
  }

  @Test
  void badValuesAreRejectedWithTheirPath() {
    ConfigException policy = assertThrows(ConfigException.class, () ->
        WhatsAppOptions.from(section(complete().put("nonTextMessages", "answer"), Map.of())));
    assertEquals("channels.whatsapp.nonTextMessages", policy.path());

    ConfigException url = assertThrows(ConfigException.class, () ->
        WhatsAppOptions.from(section(complete().put("apiBaseUrl", "graph.facebook.com/v23.0"), Map.of())));
    assertEquals("channels.whatsapp.apiBaseUrl", url.path());

    ConfigException typo = assertThrows(ConfigException.class, () ->
        WhatsAppOptions.from(section(complete().put("verify_token", "x"), Map.of())));
    assertEquals("channels.whatsapp.verify_token", typo.path());
  }
}

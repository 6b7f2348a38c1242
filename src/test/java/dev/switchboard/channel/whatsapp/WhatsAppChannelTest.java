package dev.switchboard.channel.whatsapp;

import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.fakes.FakeWhatsAppServer;
import io.vertx.core.Vertx;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code check}, {@code doctor} and the deployment see the WhatsApp channel. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WhatsAppChannelTest {

  private static final String TOKEN = "EAAG-doctor-token";

  private final WhatsAppChannel channel = new WhatsAppChannel();

  private static ConfigNode section(FakeWhatsAppServer graph, String token, String phoneNumberId) {
    JsonObject json = new JsonObject().put("accessToken", token).put("appSecret", "secret").put("verifyToken", "v")
        .put("apiBaseUrl", graph.apiBaseUrl());
    if (phoneNumberId != null) {
      json.put("phoneNumberId", phoneNumberId);
    }
    return new ConfigNode(json, "channels.whatsapp", Map.of());
  }

  @Test
  void missingSecretsAreListedByVariable() {
    ConfigNode section = new ConfigNode(new JsonObject().put("accessToken", "").put("appSecret", "")
        .put("verifyToken", "v"), "channels.whatsapp", Map.of("channels.whatsapp.accessToken",
        List.of("WHATSAPP_ACCESS_TOKEN"), "channels.whatsapp.appSecret", List.of("WHATSAPP_APP_SECRET")));

    assertEquals(List.of("WHATSAPP_ACCESS_TOKEN not set (channels.whatsapp.accessToken)",
        "WHATSAPP_APP_SECRET not set (channels.whatsapp.appSecret)"), channel.missing(section));
  }

  @Test
  void theShippedConfigNamesTheVariablesItNeeds() {
    SwitchboardConfig config = ConfigLoader.load(Path.of(ConfigLoader.DEFAULT_PATH), Map.of());

    assertEquals(List.of("WHATSAPP_ACCESS_TOKEN not set (channels.whatsapp.accessToken)",
        "WHATSAPP_APP_SECRET not set (channels.whatsapp.appSecret)",
        "WHATSAPP_VERIFY_TOKEN not set (channels.whatsapp.verifyToken)"),
        channel.missing(config.channels().object("whatsapp")));
  }

  @Test
  void theShippedConfigStartsOnceTheVariablesAreSet() {
    SwitchboardConfig config = ConfigLoader.load(Path.of(ConfigLoader.DEFAULT_PATH), Map.of(
        "WHATSAPP_ACCESS_TOKEN", "EAAG", "WHATSAPP_APP_SECRET", "s", "WHATSAPP_VERIFY_TOKEN", "v"));

    WhatsAppOptions options = WhatsAppOptions.from(config.channels().object("whatsapp"));

    assertTrue(options.startable());
    assertEquals("https://graph.facebook.com/v23.0", options.apiBaseUrl());
  }

  @Test
  void theVerticleRefusesToStartWithoutItsSecrets(Vertx vertx) {
    WhatsAppOptions incomplete = WhatsAppOptions.from(ConfigNode.of(new JsonObject().put("accessToken", "t")));

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
        new WhatsAppVerticle(new WebhookRoutes(), incomplete, (ChannelGate) null, null, null, 1_000));

    assertTrue(refused.getMessage().contains("appSecret is not set"), refused.getMessage());
  }

  @Test
  void doctorSeesTheNumberWhenTheTokenWorks(Vertx vertx) {
    FakeWhatsAppServer graph = FakeWhatsAppServer.start(vertx, TOKEN).await();

    String line = channel.probe(vertx, section(graph, TOKEN, FakeWhatsAppServer.PHONE_NUMBER_ID)).await();

    assertEquals("token accepted: +1 555-078-3881 (Switchboard Test, quality GREEN)", line);
  }

  @Test
  void doctorReportsARejectedToken(Vertx vertx) {
    FakeWhatsAppServer graph = FakeWhatsAppServer.start(vertx, TOKEN).await();

    GraphApiException failure = assertThrows(GraphApiException.class, () ->
        channel.probe(vertx, section(graph, "EAAG-revoked", FakeWhatsAppServer.PHONE_NUMBER_ID)).await());

    assertEquals(190, failure.code());
  }

  @Test
  void doctorSaysWhenItCannotCheckTheToken(Vertx vertx) {
    FakeWhatsAppServer graph = FakeWhatsAppServer.start(vertx, TOKEN).await();

    String line = channel.probe(vertx, section(graph, TOKEN, null)).await();

    assertTrue(line.contains("set channels.whatsapp.phoneNumberId"), line);
    assertTrue(graph.requests().isEmpty());
  }
}

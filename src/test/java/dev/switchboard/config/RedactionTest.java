package dev.switchboard.config;

import dev.switchboard.channel.http.HttpApiOptions;
import dev.switchboard.channel.slack.SlackOptions;
import dev.switchboard.channel.telegram.TelegramOptions;
import dev.switchboard.channel.whatsapp.WhatsAppOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every record that holds a key or a token prints it masked. */
class RedactionTest {

  private static final String SECRET = "sk-REDACT-ME-4f9c2a";

  @Test
  void aProvidersKeyAndHeaderValuesAreMaskedItsOtherFieldsShown() {
    SwitchboardConfig config = ConfigLoader.parse("test", """
        { agents: { defaults: { model: { primary: "p/m" } } },
          models: { mode: "replace", providers: { p: { baseUrl: "http://127.0.0.1:1/v1", apiKey: "%s",
            api: "openai-completions", headers: { Authorization: "Bearer %s" }, models: [{ id: "m" }] } } } }
        """.formatted(SECRET, SECRET), Map.of());
    String text = config.models().provider("p").orElseThrow().toString();

    assertFalse(text.contains(SECRET), text);
    assertTrue(text.contains("apiKey=***") && text.contains("Authorization=***"), text);
    assertTrue(text.contains("baseUrl=http://127.0.0.1:1/v1"), text);
    assertFalse(config.agent().chain().get(0).toString().contains(SECRET), "nor through a resolved model");
  }

  @Test
  void channelAndGatewayOptionsMaskTheirSecrets() {
    List<Object> options = List.of(
        HttpApiOptions.from(ConfigNode.of(new JsonObject().put("token", SECRET))),
        new GatewayConfig("127.0.0.1", 0, 1024, SECRET, 60, 1),
        TelegramOptions.from(ConfigNode.of(new JsonObject().put("botToken", SECRET).put("webhookSecret", SECRET))),
        WhatsAppOptions.from(ConfigNode.of(new JsonObject().put("accessToken", SECRET).put("appSecret", SECRET)
            .put("verifyToken", SECRET))),
        SlackOptions.from(ConfigNode.of(new JsonObject().put("botToken", SECRET).put("signingSecret", SECRET))));
    for (Object option : options) {
      assertFalse(option.toString().contains(SECRET), option.toString());
    }
  }
}

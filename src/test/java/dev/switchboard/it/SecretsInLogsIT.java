package dev.switchboard.it;

import dev.switchboard.fakes.ClosedPort;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Providers that refuse their key and platforms that cannot be reached, each configured with a
 * distinctive secret: the bridge logs every failure, and none of the secrets.
 */
class SecretsInLogsIT {

  private static final Map<String, String> SECRETS = Map.of(
      "LMSTUDIO_KEY", "sk-LEAK-model-key-6c1e",
      "BACKUP_KEY", "sk-LEAK-backup-key-90af",
      "TELEGRAM_BOT_TOKEN", "777:LEAK-telegram-token-b2d4",
      "TELEGRAM_WEBHOOK_SECRET", "LEAK-telegram-hook-3e5f",
      "WHATSAPP_ACCESS_TOKEN", "EAAL-LEAK-whatsapp-token-71c0",
      "WHATSAPP_APP_SECRET", "LEAK-whatsapp-app-secret-a9b8",
      "WHATSAPP_VERIFY_TOKEN", "LEAK-whatsapp-verify-5d6e",
      "SLACK_BOT_TOKEN", "xoxb-LEAK-slack-token-44aa",
      "SLACK_SIGNING_SECRET", "LEAK-slack-signing-88bb",
      "SWITCHBOARD_HTTP_TOKEN", "LEAK-http-token-12cd");

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void failuresAreLoggedWithoutTheSecrets() throws Exception {
    FakeModelServer refusing = FakeModelServer.start(vertx).await();
    refusing.always(FakeModelBehaviour.unauthorized());
    FakeModelServer broken = FakeModelServer.start(vertx).await();
    broken.always(FakeModelBehaviour.fail(500));
    String unreachable = "http://127.0.0.1:" + ClosedPort.number();
    int port = FreePort.any();
    Path config = dir.resolve("switchboard.json5");
    Files.writeString(config, """
        { gateway: { port: %d, opsToken: "${SWITCHBOARD_HTTP_TOKEN}" },
          agents: { defaults: { model: { primary: "lmstudio/fake-model", fallbacks: ["backup/fake-model"] },
                                timeoutSeconds: 20 } },
          models: { mode: "replace", providers: {
            lmstudio: { baseUrl: "%s", apiKey: "${LMSTUDIO_KEY}", api: "openai-responses",
                        models: [{ id: "fake-model" }] },
            backup: { baseUrl: "%s", apiKey: "${BACKUP_KEY}", api: "anthropic-messages",
                      headers: { "x-extra-auth": "${BACKUP_KEY}" }, models: [{ id: "fake-model" }] } } },
          channels: {
            http: { token: "${SWITCHBOARD_HTTP_TOKEN}" },
            telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", webhookSecret: "${TELEGRAM_WEBHOOK_SECRET}",
                        apiBaseUrl: "%s" },
            whatsapp: { accessToken: "${WHATSAPP_ACCESS_TOKEN}", appSecret: "${WHATSAPP_APP_SECRET}",
                        verifyToken: "${WHATSAPP_VERIFY_TOKEN}", apiBaseUrl: "%s/v23.0", dmPolicy: "open" },
            slack: { botToken: "${SLACK_BOT_TOKEN}", signingSecret: "${SLACK_SIGNING_SECRET}", apiBaseUrl: "%s/api" } },
          session: { store: { path: "%s" } } }
        """.formatted(port, refusing.baseUrl(), broken.baseUrl(), unreachable, unreachable, unreachable,
        dir.resolve("data/switchboard.db")));

    try (JarProcess bridge = JarProcess.start(SECRETS, "run", "--config", config.toString())) {
      bridge.awaitReady();
      WebClient client = WebClient.create(vertx);
      // A customer's WhatsApp message: no model answers, and the apology cannot be delivered.
      long now = System.currentTimeMillis() / 1000;
      assertEquals(200, FakeWhatsAppWebhooks.post(client, port, FakeWhatsAppWebhooks.fixtureAt("text.json", now),
          SECRETS.get("WHATSAPP_APP_SECRET")).await().statusCode());
      // A program on the HTTP API, once with a wrong token, once with the right one.
      JsonObject ask = new JsonObject().put("model", "switchboard").put("input", "Hi");
      assertEquals(401, client.post(port, "127.0.0.1", "/v1/responses").bearerTokenAuthentication("wrong")
          .sendJsonObject(ask).await().statusCode());
      assertEquals(503, client.post(port, "127.0.0.1", "/v1/responses")
          .bearerTokenAuthentication(SECRETS.get("SWITCHBOARD_HTTP_TOKEN")).sendJsonObject(ask).await().statusCode());

      bridge.awaitLog("config error: lmstudio/fake-model refused its credentials");
      bridge.awaitLog("channel telegram failed to start");
      bridge.awaitLog("channel slack failed to start");
      bridge.awaitLog("whatsapp: reply to whatsapp:");
      String log = bridge.stderr();
      SECRETS.forEach((name, secret) -> assertFalse(log.contains(secret), name + " leaked into the log:\n" + log));
    }
  }
}

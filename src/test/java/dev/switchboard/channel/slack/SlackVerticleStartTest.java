package dev.switchboard.channel.slack;

import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.app.Gateway;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.InMemoryDedupeLog;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.MessagesConfig;
import dev.switchboard.fakes.FakeSlackServer;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What happens when the channel cannot start: the operator is told why, and no webhook is served. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SlackVerticleStartTest {

  @Test
  void aRejectedTokenFailsTheStartWithSlacksReasonAndMountsNoWebhook(Vertx vertx, @TempDir Path dir) {
    FakeSlackServer slack = FakeSlackServer.start(vertx).await();
    SlackOptions options = SlackOptions.from(ConfigNode.of(new JsonObject().put("botToken", "xoxb-revoked")
        .put("signingSecret", "secret").put("apiBaseUrl", slack.apiBaseUrl())));
    WebhookRoutes webhooks = new WebhookRoutes();
    Gateway gateway = new Gateway(vertx, new GatewayConfig("127.0.0.1", 0, GatewayConfig.DEFAULT_MAX_BODY_BYTES), webhooks);
    InMemoryDedupeLog dedupe = new InMemoryDedupeLog();
    ChannelGate gate = ChannelGate.create(options.common(), new MessagesConfig(3600, 20), dedupe,
        SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await().pairing(), Clock.systemUTC());

    Throwable failure = vertx.deployVerticle(new SlackVerticle(webhooks, options, gate, dedupe, null, null,
        Clock.systemUTC())).map(id -> (Throwable) null).otherwise(cause -> cause).await();
    assertNotNull(failure, "the channel started with a revoked token");
    assertEquals("Slack channel not started: auth.test failed: invalid_auth", failure.getMessage());

    int port = gateway.listen().await().actualPort();
    int status = WebClient.create(vertx).post(port, "127.0.0.1", SlackVerticle.WEBHOOK_PATH)
        .sendJsonObject(SlackFixtures.json("url_verification")).await().statusCode();
    assertEquals(404, status);
  }

  @Test
  void aChannelMissingItsSecretsIsNotBuiltAndSaysWhichVariablesToSet(Vertx vertx) {
    ConfigNode section = new ConfigNode(new JsonObject().put("slack", new JsonObject()
        .put("botToken", "${SLACK_BOT_TOKEN}").put("signingSecret", "${SLACK_SIGNING_SECRET}")), "channels",
        Map.of("channels.slack.botToken", List.of("SLACK_BOT_TOKEN"),
            "channels.slack.signingSecret", List.of("SLACK_SIGNING_SECRET"))).object("slack");
    SlackOptions options = SlackOptions.from(section);
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new SlackVerticle(new WebhookRoutes(), options, null, null, null, null, Clock.systemUTC()));
    assertTrue(error.getMessage().contains("SLACK_BOT_TOKEN not set (channels.slack.botToken)"), error.getMessage());
    assertTrue(error.getMessage().contains("SLACK_SIGNING_SECRET not set"), error.getMessage());
  }
}

package dev.switchboard.channel.telegram;

import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.InMemoryDedupeLog;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.MessagesConfig;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel starts only with secrets it can use, and says why otherwise. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TelegramStartTest {

  @TempDir
  Path pairingDir;

  private TelegramOptions options(JsonObject section, Map<String, List<String>> unset) {
    return TelegramOptions.from(new ConfigNode(section, "channels.telegram", unset));
  }

  private ChannelGate gate(Vertx vertx, TelegramOptions options) {
    return ChannelGate.create(options.channel(), new MessagesConfig(3600, 20), new InMemoryDedupeLog(),
        SqliteStore.open(vertx, pairingDir.resolve("switchboard.db").toString(), Clock.systemUTC()).await().pairing(), Clock.systemUTC());
  }

  @Test
  void aMissingSecretKeepsTheChannelFromBeingCreatedAndNamesTheVariable(Vertx vertx) {
    TelegramOptions options = options(new JsonObject().put("botToken", "1:A").put("webhookSecret", ""),
        Map.of("channels.telegram.webhookSecret", List.of("TELEGRAM_WEBHOOK_SECRET")));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new TelegramVerticle(new WebhookRoutes(), options, gate(vertx, options), null, null, 10_000));
    assertTrue(refused.getMessage().contains("TELEGRAM_WEBHOOK_SECRET"), refused.getMessage());
  }

  @Test
  void aTokenTelegramRefusesFailsTheDeploymentWithAReasonButWithoutTheToken(Vertx vertx) {
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, "123:RIGHT").await();
    TelegramOptions options = options(new JsonObject().put("botToken", "999:WRONGTOKEN").put("webhookSecret", "s")
        .put("apiBaseUrl", telegram.baseUrl()), Map.of());
    Future<String> deployed = vertx.deployVerticle(
        new TelegramVerticle(new WebhookRoutes(), options, gate(vertx, options), null, null, 10_000));
    AsyncResult<String> outcome = deployed.<AsyncResult<String>>transform(Future::succeededFuture).await();
    assertTrue(outcome.failed());
    String reason = outcome.cause().getMessage();
    assertTrue(reason.contains("401 Unauthorized") && reason.contains("botToken"), reason);
    assertFalse(reason.contains("WRONGTOKEN"), reason);
    telegram.close().await();
  }
}

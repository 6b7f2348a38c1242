package dev.switchboard.app;

import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A platform that cannot be reached when the bridge starts does not take the bridge down: the channel
 * is reported failed and tried again until it starts, while everything else serves.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ChannelStartRetryTest {

  @TempDir
  Path dir;

  @Test
  void aChannelWhosePlatformIsDownAtStartIsReportedFailedThenStartsOnARetry(Vertx vertx) {
    FakeModelServer model = FakeModelServer.start(vertx).await();
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    // Attempts at 0, 1.5 and 4.5 s: the first two fail, the third finds Telegram answering. The checks
    // of the failed state run right after start, seconds before the third attempt, even on a slow CI.
    telegram.failNext("getMe", FakeTelegramServer.serverError()).failNext("getMe", FakeTelegramServer.serverError());
    Path store = dir.resolve("switchboard.db");
    BridgeFixture.leaveUnanswered(vertx, store, List.of(BridgeFixture.message("telegram", "1", "Still there?")));

    MainVerticle bridge = new MainVerticle(BridgeFixture.config(store, model.baseUrl(), telegram.baseUrl(), ""),
        new RetryBackoff(1_500, 10_000));
    vertx.deployVerticle(bridge).await();
    WebClient client = WebClient.create(vertx);

    JsonObject channel = telegramStatus(client, bridge);
    assertEquals("failed", channel.getString("state"));
    assertTrue(channel.getString("detail").contains("502"), channel.encode());
    HttpResponse<Buffer> answer = client.post(bridge.port(), "127.0.0.1", "/v1/responses")
        .bearerTokenAuthentication(BridgeFixture.API_TOKEN)
        .sendJsonObject(new JsonObject().put("model", "switchboard").put("input", "Hi")).await();
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    assertEquals(1, model.requests().size(), "the message kept for Telegram is not run while Telegram is down");

    FakeTelegramServer.Call reply = telegram.awaitCalls("sendMessage", 1).await().get(0);
    assertEquals(FakeModelServer.DEFAULT_REPLY, reply.body().getString("text"));
    assertEquals(String.valueOf(BridgeFixture.CHAT), String.valueOf(reply.body().getValue("chat_id")));
    assertEquals(3, telegram.calls("getMe").size());
    assertEquals("running", telegramStatus(client, bridge).getString("state"));
  }

  private static JsonObject telegramStatus(WebClient client, MainVerticle bridge) {
    JsonArray channels = client.get(bridge.port(), "127.0.0.1", "/readyz").send().await().bodyAsJsonObject()
        .getJsonArray("channels");
    return channels.stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals("telegram"))
        .findFirst().orElseThrow(() -> new AssertionError("telegram missing from /readyz: " + channels.encode()));
  }
}

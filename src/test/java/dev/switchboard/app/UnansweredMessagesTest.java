package dev.switchboard.app;

import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages a crash left unanswered are answered at start when their channel runs, and dropped when it is gone. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class UnansweredMessagesTest {

  @TempDir
  Path dir;

  @Test
  void onlyMessagesOfRunningChannelsAreRunAgainTheOthersAreDroppedForGood(Vertx vertx) {
    FakeModelServer model = FakeModelServer.start(vertx).await();
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    Path store = dir.resolve("switchboard.db");
    BridgeFixture.leaveUnanswered(vertx, store, List.of(
        BridgeFixture.message("whatsapp", "1", "From a channel the config no longer has"),
        BridgeFixture.message("slack", "2", "From a disabled channel"),
        BridgeFixture.message("telegram", "3", "From a running channel")));
    String config = "slack: { enabled: false }";

    String first = vertx.deployVerticle(new MainVerticle(
        BridgeFixture.config(store, model.baseUrl(), telegram.baseUrl(), config))).await();
    FakeTelegramServer.Call reply = telegram.awaitCalls("sendMessage", 1).await().get(0);
    assertEquals(FakeModelServer.DEFAULT_REPLY, reply.body().getString("text"));
    vertx.undeploy(first).await();
    assertEquals(1, model.requests().size());
    assertTrue(model.requests().get(0).body().encode().contains("From a running channel"),
        model.requests().get(0).body().encode());

    SqliteStore afterTheRun = SqliteStore.open(vertx, store.toString(), Clock.systemUTC()).await();
    assertEquals(List.of(), afterTheRun.inbox().unanswered().await(),
        "nothing is left to run again at the next start");
    afterTheRun.close().await();
  }
}

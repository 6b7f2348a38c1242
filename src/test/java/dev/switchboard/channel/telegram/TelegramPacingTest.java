package dev.switchboard.channel.telegram;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Reply;
import dev.switchboard.fakes.FakeTelegramServer.Call;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Telegram's per-chat pace holds a busy chat back without holding back anyone else. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class TelegramPacingTest {

  private static final String BUSY = "1001";
  private static final String QUIET = "2002";

  @TempDir
  Path dir;

  private TelegramBridge bridge;

  @BeforeEach
  void start(Vertx vertx) {
    bridge = TelegramBridge.start(vertx, dir);
  }

  @AfterEach
  void stop() {
    bridge.close().await();
  }

  private static void reply(Vertx vertx, String chat, String text) {
    vertx.eventBus().send(Addresses.outbound("telegram"),
        new Reply("telegram:" + chat + ":" + text, "bot", chat, null, text, null, null).toJson());
  }

  @Test
  void aChatBeyondItsBurstWaitsASecondPerMessageWhileAnotherChatIsServedAtOnce(Vertx vertx) {
    long start = System.nanoTime();
    for (int n = 1; n <= 5; n++) {
      reply(vertx, BUSY, "busy " + n);
    }
    reply(vertx, QUIET, "quiet");

    List<Call> calls = bridge.telegram.awaitCalls("sendMessage", 6).await();

    List<String> order = calls.stream().map(call -> call.body().getString("text")).toList();
    assertEquals(List.of("busy 1", "busy 2", "busy 3", "busy 4", "busy 5"),
        order.stream().filter(text -> text.startsWith("busy")).toList(), "a chat's messages keep their order");
    assertTrue(order.indexOf("quiet") < order.indexOf("busy 4"), "the quiet chat did not wait behind the busy one: "
        + order);
    long fourth = TimeUnit.NANOSECONDS.toMillis(calls.get(order.indexOf("busy 4")).receivedAtNanos() - start);
    long fifth = TimeUnit.NANOSECONDS.toMillis(calls.get(order.indexOf("busy 5")).receivedAtNanos() - start);
    assertTrue(fourth >= 990, "beyond the burst of 3, one a second: the 4th after " + fourth + " ms");
    assertTrue(fifth >= 1990, "the 5th after " + fifth + " ms");
  }
}

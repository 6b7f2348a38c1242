package dev.switchboard.app;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.fakes.FakeModelBehaviour;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.FakeTelegramServer;
import dev.switchboard.fakes.FakeTelegramUpdates;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that holds {@code messages.maxPending} turns and replies takes no more: the platform gets a 503
 * and sends the message again, instead of the node filling its heap until it answers no one. Messages
 * a crash left unanswered are handed back no faster than there is room, before any new one.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class OverloadTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String SECRET = "secret";
  private static final String TWO_AT_MOST = "messages: { maxPending: 2 }";

  @TempDir
  Path dir;

  @Test
  @DisplayName("a full node answers 503 without journaling; the platform's retry is accepted once there is room, answered once")
  void aFullNodeRefusesUntilItHasRoom(Vertx vertx) {
    FakeModelServer model = modelAnsweringAfter(vertx, 1_000);
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    int port = startBridge(vertx, model, telegram);
    WebClient client = WebClient.create(vertx);

    // The first turn of chat 1 runs; the second message books the session's next turn: two held.
    assertEquals(200, post(client, port, 1, 1, "What time do you open?"));
    assertEquals(200, post(client, port, 2, 1, "And on Sundays?"));
    await(vertx, () -> backlog(client, port).getInteger("pending") == 2, "the node holds two turns");
    assertFalse(backlog(client, port).getBoolean("accepting"));

    assertEquals(503, post(client, port, 3, 2, "Do you deliver?"), "a full node must make Telegram send it again");
    assertEquals(503, post(client, port, 3, 2, "Do you deliver?"), "and again while it is full");

    // Telegram's retries, until one finds room.
    await(vertx, () -> post(client, port, 3, 2, "Do you deliver?") == 200, "the retried update accepted");
    List<FakeTelegramServer.Call> replies = telegram.awaitCalls("sendMessage", 3).await();
    assertEquals(200, post(client, port, 3, 2, "Do you deliver?"), "a later duplicate is acknowledged");
    assertEquals(List.of(1L, 1L, 2L), replies.stream().map(call -> call.body().getLong("chat_id")).sorted().toList(),
        "each message answered in its chat, the refused one once it was sent again");
    assertEquals(3, model.requests().size(), "the refused deliveries never reached the model");
    await(vertx, () -> backlog(client, port).getBoolean("accepting"), "the node takes messages again");
    assertEquals(3, telegram.calls("sendMessage").size(), "nothing answered twice");
  }

  @Test
  @DisplayName("messages left by a crash are handed back as room allows, before any new message is accepted")
  void leftoversGoBackNoFasterThanThereIsRoom(Vertx vertx) {
    FakeModelServer model = modelAnsweringAfter(vertx, 300);
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    List<InboundMessage> leftovers = new ArrayList<>();
    for (int chat = 1; chat <= 6; chat++) {
      leftovers.add(new InboundMessage("telegram:left-" + chat, "telegram", "bot", String.valueOf(chat), ChatType.DM,
          String.valueOf(chat), "Ann", null, "Still there?", System.currentTimeMillis(), null));
    }
    BridgeFixture.leaveUnanswered(vertx, store(), leftovers);

    int port = startBridge(vertx, model, telegram);
    WebClient client = WebClient.create(vertx);
    assertEquals(503, post(client, port, 1, 7, "Hello"), "a new message must not overtake the leftovers");

    await(vertx, () -> post(client, port, 1, 7, "Hello") == 200, "the new message accepted once they are handed back");
    List<FakeTelegramServer.Call> replies = telegram.awaitCalls("sendMessage", 7).await();
    Set<Long> chats = replies.stream().map(call -> call.body().getLong("chat_id")).collect(Collectors.toSet());
    assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), chats, "every chat answered once: " + replies);
    assertEquals(2, model.mostAtOnce(), "two turns at a time, as maxPending allows");
    assertEquals(7, telegram.calls("sendMessage").size(), "nothing answered twice");
  }

  private Path store() {
    return dir.resolve("switchboard.db");
  }

  /** A bridge on this test's store that holds two turns and replies at most; returns its port. */
  private int startBridge(Vertx vertx, FakeModelServer model, FakeTelegramServer telegram) {
    MainVerticle bridge = new MainVerticle(BridgeFixture.config(store(), model.baseUrl(), telegram.baseUrl(), "",
        TWO_AT_MOST));
    vertx.deployVerticle(bridge).await();
    return bridge.port();
  }

  /** A model whose every answer starts {@code delayMs} after the request: turns that stay held that long. */
  private static FakeModelServer modelAnsweringAfter(Vertx vertx, long delayMs) {
    FakeModelServer model = FakeModelServer.start(vertx).await();
    model.always(FakeModelBehaviour.slowFirstToken(delayMs, FakeModelServer.DEFAULT_REPLY));
    return model;
  }

  private static int post(WebClient client, int port, long updateId, long chat, String text) {
    return FakeTelegramUpdates.post(client, port, SECRET, FakeTelegramUpdates.privateText(updateId, chat, text));
  }

  private static JsonObject backlog(WebClient client, int port) {
    return client.get(port, "127.0.0.1", "/readyz").send().await().bodyAsJsonObject().getJsonObject("backlog");
  }

  /** Polls {@code condition} every 50 ms (nothing announces these) until it holds, or fails after {@link #PATIENCE}. */
  private static void await(Vertx vertx, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + PATIENCE.toSeconds() + " s: " + what);
      vertx.timer(50).await();
    }
  }
}

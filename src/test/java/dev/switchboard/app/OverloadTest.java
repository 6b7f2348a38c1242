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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that holds {@code messages.maxPending} turns and replies keeps accepting webhooks: the message
 * is journaled, acknowledged and waits, in arrival order, until there is room; only when as many wait
 * does the platform get a 503 and send it again, instead of the node filling its heap until it answers
 * no one. A waiting message survives a stop. Messages a crash left unanswered go first.
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
  @DisplayName("a full node acknowledges and keeps messages until it has room; past as many again it answers 503, and the retry is answered once")
  void aFullNodeKeepsThenRefuses(Vertx vertx) {
    FakeModelServer model = modelAnsweringAfter(vertx, 1_000);
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    int port = startBridge(vertx, model, telegram).port();
    WebClient client = WebClient.create(vertx);

    // The first turn of chat 1 runs; the second message books the session's next turn: two held.
    assertEquals(200, post(client, port, 1, 1, "What time do you open?"));
    assertEquals(200, post(client, port, 2, 1, "And on Sundays?"));
    await(vertx, () -> backlog(client, port).getInteger("pending") == 2, "the node holds two turns");

    assertEquals(200, post(client, port, 3, 2, "Do you deliver?"), "a full node still takes a message, to answer later");
    assertEquals(200, post(client, port, 4, 3, "Is parking free?"));
    JsonObject full = backlog(client, port);
    assertEquals(2, full.getInteger("waiting"), full.encode());
    assertFalse(full.getBoolean("accepting"), full.encode());
    assertEquals(503, post(client, port, 5, 4, "Can I book?"), "as many wait as it holds: Telegram must send it again");
    String scrape = client.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();
    assertTrue(scrape.contains("switchboard_backlog_waiting 2.0") && scrape.contains("switchboard_backlog_limit 2.0")
        && scrape.contains("switchboard_webhooks_refused_total 1.0"), "the backlog as series for alerts:\n" + scrape);

    // Telegram's retries, until one finds room.
    await(vertx, () -> post(client, port, 5, 4, "Can I book?") == 200, "the retried update accepted");
    List<FakeTelegramServer.Call> replies = telegram.awaitCalls("sendMessage", 5).await();
    assertEquals(200, post(client, port, 3, 2, "Do you deliver?"), "a later duplicate is acknowledged");
    assertEquals(List.of(1L, 1L, 2L, 3L, 4L), replies.stream().map(call -> call.body().getLong("chat_id")).sorted().toList(),
        "each message answered in its chat, the waiting ones and the refused one too");
    assertEquals(5, model.requests().size(), "the refused delivery never reached the model");
    await(vertx, () -> backlog(client, port).getBoolean("accepting"), "the node takes messages again");
    assertEquals(5, telegram.calls("sendMessage").size(), "nothing answered twice");
  }

  @Test
  @DisplayName("a message acknowledged while the node was full is answered after a stop and a start, once")
  void aWaitingMessageSurvivesAStop(Vertx vertx) {
    FakeModelServer slow = modelAnsweringAfter(vertx, 1_000);
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    MainVerticle first = startBridge(vertx, slow, telegram);
    WebClient client = WebClient.create(vertx);
    assertEquals(200, post(client, first.port(), 1, 1, "What time do you open?"));
    assertEquals(200, post(client, first.port(), 2, 1, "And on Sundays?"));
    await(vertx, () -> backlog(client, first.port()).getInteger("pending") == 2, "the node holds two turns");
    assertEquals(200, post(client, first.port(), 3, 2, "Do you deliver?"));

    // As SIGTERM does: the turns running finish, the waiting message stays journaled.
    first.drain().await();
    vertx.undeploy(first.deploymentID()).await();
    assertEquals(List.of(1L, 1L), chats(telegram.calls("sendMessage")), "only chat 1 was answered before the stop");

    FakeModelServer fast = FakeModelServer.start(vertx).await();
    startBridge(vertx, fast, telegram);
    List<FakeTelegramServer.Call> replies = telegram.awaitCalls("sendMessage", 3).await();
    assertEquals(List.of(1L, 1L, 2L), chats(replies), "the waiting message answered after the start");
    assertEquals(1, fast.requests().size(), "and only it");
  }

  @Test
  @DisplayName("messages left by a crash go first, as room allows; a new message is accepted once fewer wait, and waits behind them")
  void leftoversGoFirstAndNoFasterThanThereIsRoom(Vertx vertx) {
    FakeModelServer model = modelAnsweringAfter(vertx, 300);
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    List<InboundMessage> leftovers = new ArrayList<>();
    for (int chat = 1; chat <= 6; chat++) {
      leftovers.add(new InboundMessage("telegram:left-" + chat, "telegram", "bot", String.valueOf(chat), ChatType.DM,
          String.valueOf(chat), "Ann", null, "Still there?", System.currentTimeMillis(), null));
    }
    BridgeFixture.leaveUnanswered(vertx, store(), leftovers);

    int port = startBridge(vertx, model, telegram).port();
    WebClient client = WebClient.create(vertx);
    assertEquals(503, post(client, port, 1, 7, "Hello"), "six leftovers wait, more than the node holds turns");
    await(vertx, () -> post(client, port, 1, 7, "Hello") == 200, "the new message accepted once fewer wait");

    List<FakeTelegramServer.Call> replies = telegram.awaitCalls("sendMessage", 7).await();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), chats(replies), "every chat answered once: " + replies);
    List<String> asked = model.requests().stream().map(request -> request.body().encode()).toList();
    int hello = asked.indexOf(asked.stream().filter(body -> body.contains("Hello")).findFirst().orElseThrow());
    assertTrue(hello >= 5, "the new message went to the model after five leftovers at least: " + hello);
    assertEquals(2, model.mostAtOnce(), "two turns at a time, as maxPending allows");
    assertEquals(7, telegram.calls("sendMessage").size(), "nothing answered twice");
  }

  @Test
  @DisplayName("a channel whose replies wait for its platform holds back its own new messages, which are answered once they are sent")
  void aChannelWhoseRepliesPileUpHoldsBackItsOwnMessages(Vertx vertx) {
    FakeModelServer model = FakeModelServer.start(vertx).await();
    FakeTelegramServer telegram = FakeTelegramServer.start(vertx, BridgeFixture.TELEGRAM_TOKEN).await();
    telegram.failNext("sendMessage", FakeTelegramServer.tooManyRequests(2));
    int port = startBridge(vertx, model, telegram).port();
    WebClient client = WebClient.create(vertx);

    assertEquals(200, post(client, port, 1, 1, "What time do you open?"));
    telegram.awaitCalls("sendMessage", 1).await(); // answered 429: the reply waits 2 s, held by the channel
    assertEquals(200, post(client, port, 2, 2, "Do you deliver?"));
    await(vertx, () -> backlog(client, port).getInteger("waiting") == 1,
        "Telegram's reply holds its share of two, so its next message waits");

    List<FakeTelegramServer.Call> sends = telegram.awaitCalls("sendMessage", 3).await();
    assertEquals(List.of(1L, 1L, 2L), chats(sends), "the held reply sent again, then the waiting message answered");
    assertEquals(2, model.requests().size());
  }

  private Path store() {
    return dir.resolve("switchboard.db");
  }

  /** A bridge on this test's store that holds two turns and replies at most, deployed. */
  private MainVerticle startBridge(Vertx vertx, FakeModelServer model, FakeTelegramServer telegram) {
    MainVerticle bridge = new MainVerticle(BridgeFixture.config(store(), model.baseUrl(), telegram.baseUrl(), "",
        TWO_AT_MOST));
    vertx.deployVerticle(bridge).await();
    return bridge;
  }

  private static List<Long> chats(List<FakeTelegramServer.Call> sends) {
    return sends.stream().map(call -> call.body().getLong("chat_id")).sorted().toList();
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

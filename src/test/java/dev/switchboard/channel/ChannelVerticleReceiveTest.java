package dev.switchboard.channel;

import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.channel.gate.GateDecision;
import dev.switchboard.store.PairingStore;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.config.MessagesConfig;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link ChannelVerticle#receive} does with each gate decision, and when the webhook may be answered. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ChannelVerticleReceiveTest {

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock();
  private final BlockingQueue<InboundMessage> published = new LinkedBlockingQueue<>();
  private SqliteStore store;
  private RecordingChannel channel;
  private ChannelGate gate;

  @BeforeEach
  void deploy(Vertx vertx) {
    store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), clock).await();
    channel = new RecordingChannel(new WebhookRoutes(), store);
    vertx.deployVerticle(channel).await();
    vertx.eventBus().<JsonObject>consumer(Addresses.INBOUND, message -> published.add(
        InboundMessage.fromJson(message.body()))).completion().await();
    PairingStore pairing = store.pairing();
    gate = ChannelGate.create(ChannelOptions.defaults(DmPolicy.PAIRING), new MessagesConfig(3600, 20),
        new InMemoryDedupeLog(clock, Duration.ofHours(1), 100), pairing, clock);
  }

  @AfterEach
  void close() {
    store.close().await();
  }

  @Test
  void anAdmittedMessageIsJournaledBeforeItReachesTheRouter() throws InterruptedException {
    InboundMessage group = Messages.group("1", "111", clock.millis());

    assertEquals(GateDecision.Action.PUBLISH, channel.receive(gate, group).await().action());

    assertEquals(List.of(group), store.inbox().unanswered().await(), "journaled when the webhook may be answered");
    assertEquals(group, published.poll(5, TimeUnit.SECONDS));
    assertEquals(List.of(), channel.sent());
  }

  @Test
  void aMessageThatCannotBeJournaledFailsTheWebhookAndNeverReachesTheRouter() {
    store.close().await();

    InboundMessage message = Messages.group("1", "111", clock.millis());
    AsyncResult<GateDecision> outcome = channel.receive(gate, message)
        .<AsyncResult<GateDecision>>transform(Future::succeededFuture).await();

    assertTrue(outcome.failed(), "the platform must get a 5xx and retry");
    assertTrue(outcome.cause().getMessage().contains("closed"), outcome.cause().getMessage());
    assertTrue(published.isEmpty(), "published without a journal row: " + published);
    assertEquals(GateDecision.Action.PUBLISH, gate.admit(message).await().action(),
        "the platform's retry must not be dropped as a duplicate of a message that was never kept");
  }

  @Test
  void anUnknownSenderGetsThePairingCodeInTheSameChatAndNothingReachesTheRouter() {
    assertEquals(GateDecision.Action.REPLY, channel.receive(gate, Messages.dm("1", "111", clock.millis())).await()
        .action());

    OutboxChunk code = channel.awaitSent(1).await().get(0);
    assertEquals("telegram:1", code.inboundId());
    assertEquals("111", code.chatId());
    assertTrue(code.text().contains("switchboard pairing approve telegram "), code.text());
    assertTrue(published.isEmpty(), "the router got an unpaired message");
    assertEquals(List.of(), store.inbox().unanswered().await(), "a refused message is not journaled");
  }
}

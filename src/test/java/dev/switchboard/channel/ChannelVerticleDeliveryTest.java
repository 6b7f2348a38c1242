package dev.switchboard.channel;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.SqliteStore;
import io.vertx.core.Promise;
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
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How a channel delivers replies through the outbox: in order, chunk by chunk, each marked once sent;
 * what a crash left unsent goes out at the next start, once; a chunk that fails ends its reply.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ChannelVerticleDeliveryTest {

  private static final String CHAT = "111";

  @TempDir
  Path dir;
  private Vertx vertx;
  private SqliteStore store;
  private RecordingChannel channel;

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    store = SqliteStore.open(vertx, dir.resolve("switchboard.db").toString(), Clock.systemUTC()).await();
    channel = deployChannel();
  }

  @AfterEach
  void close() {
    store.close().await();
  }

  private RecordingChannel deployChannel() {
    RecordingChannel deployed = new RecordingChannel(new WebhookRoutes(), store);
    vertx.deployVerticle(deployed).await();
    return deployed;
  }

  private static InboundMessage question(String id) {
    return new InboundMessage("telegram:" + id, "telegram", "bot1", CHAT, ChatType.DM, CHAT, "Ann", null, "hi",
        System.currentTimeMillis(), null);
  }

  private void reply(String inboundId, String text) {
    vertx.eventBus().send(Addresses.outbound("telegram"),
        new Reply(inboundId, "bot1", CHAT, null, text, "lmstudio/m", null).toJson());
  }

  private static List<String> texts(List<OutboxChunk> chunks) {
    return chunks.stream().map(OutboxChunk::text).toList();
  }

  @Test
  void aReplyIsSentChunkByChunkInOrderAndAnswersItsMessage() {
    store.inbox().journal(question("1")).await();

    reply("telegram:1", "one\n\ntwo\n\nthree");

    List<OutboxChunk> sent = channel.awaitSent(3).await();
    assertEquals(List.of("one", "two", "three"), texts(sent));
    assertEquals(List.of(0, 1, 2), sent.stream().map(OutboxChunk::sequence).toList());
    assertEquals("telegram:1", channel.arrived().get(0).inboundId(), "the typing indicator is stopped first");
    assertEquals(List.of(), store.inbox().unanswered().await(), "written to the outbox, so answered");
  }

  @Test
  void aReplyTheRouterWithholdsStopsTheTypingIndicatorAndNothingIsSent() {
    store.inbox().journal(question("1")).await();

    vertx.eventBus().send(Addresses.withheld("telegram"), new Reply("telegram:1", "bot1", CHAT, null, "", null, null)
        .toJson());

    channel.firstReplyHandled().await();
    assertEquals(List.of("telegram:1"), channel.arrived().stream().map(Reply::inboundId).toList(),
        "the typing indicator is stopped");
    assertEquals(List.of(), channel.sent());
    assertEquals(List.of(), store.outbox().pending("telegram").await(), "nothing to send");
  }

  @Test
  void chunksACrashLeftUnsentAreSentOnceAtTheNextStart() {
    reply("telegram:1", "one\n\ntwo");
    channel.awaitSent(2).await();
    channel.holdNext();
    reply("telegram:2", "hanging");
    channel.awaitSent(3).await();
    // The second reply waits for the first one's chunks to be marked sent: only the hanging one is pending.
    assertEquals(List.of("hanging"), texts(store.outbox().pending("telegram").await()));

    vertx.undeploy(channel.deploymentID()).await();
    RecordingChannel restarted = deployChannel();
    reply("telegram:3", "after the restart");

    assertEquals(List.of("hanging", "after the restart"), texts(restarted.awaitSent(2).await()));
    assertEquals(List.of("hanging", "after the restart"), texts(restarted.sent()), "nothing sent twice");
  }

  @Test
  void aChunkThatFailsEndsItsReplyAndIsReported() {
    Promise<JsonObject> reported = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS, event -> reported.tryComplete(event.body()))
        .completion().await();
    channel.acceptNext().failNext(new IllegalStateException("403 blocked"));

    reply("telegram:1", "one\n\ntwo\n\nthree");

    assertEquals(new JsonObject().put("type", "delivery_failed").put("channel", "telegram")
        .put("inboundId", "telegram:1").put("chatId", CHAT).put("reason", "403 blocked")
        .put("chunksSent", 1).put("chunks", 3), reported.future().await());
    channel.holdNext();
    reply("telegram:2", "next");
    channel.awaitSent(3).await();
    assertEquals(List.of("one", "two", "next"), texts(channel.sent()), "the third chunk is never attempted");
    assertEquals(List.of("next"), texts(store.outbox().pending("telegram").await()),
        "the failed chunks are not retried after a restart");
  }

  @Test
  void aReplyThatCannotBeWrittenIsNotSentAndItsMessageIsAnsweredAfterARestart() {
    store.inbox().journal(question("1")).await();
    store.close().await();

    reply("telegram:1", "lost with the disk");
    channel.firstReplyHandled().await();

    assertEquals(1, channel.arrived().size());
    assertEquals(List.of(), channel.sent());
    SqliteStore reopened = SqliteStore.open(vertx, store.path(), Clock.systemUTC()).await();
    assertEquals(List.of("telegram:1"), reopened.inbox().unanswered().await().stream().map(InboundMessage::id)
        .toList(), "re-published at the next start");
    reopened.close().await();
  }
}

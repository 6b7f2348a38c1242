package dev.switchboard.app;

import dev.switchboard.bus.Addresses;
import dev.switchboard.fakes.FakeModelServer;
import dev.switchboard.fakes.SseListener;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /v1/events} read by an SSE client: the conversation as it happens, filters, heartbeats, resume, limits. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ConversationEventsTest {

  private static final long CHAT = 6161;
  private static final int BUFFER_BYTES = 16 * 1024;

  @TempDir
  Path dir;

  private Vertx vertx;
  private MessagingBridge bridge;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    bridge = MessagingBridge.start(vertx, dir, "", "eventsHeartbeatMs: 100, eventsBufferBytes: " + BUFFER_BYTES);
  }

  @AfterEach
  void stop() {
    bridge.close().await();
  }

  private SseListener listen(String path, String lastEventId) {
    return SseListener.open(vertx, bridge.port(), path, MessagingBridge.API_TOKEN, lastEventId).await();
  }

  @Test
  void aListenerSeesTheInboundMessageTheReplyAndASentMessageWithHeartbeatsBetween() throws Exception {
    SseListener listener = listen("/v1/events", null);
    assertEquals(200, listener.status());
    assertTrue(listener.header("Content-Type").startsWith("text/event-stream"));
    assertEquals("no-cache", listener.header("Cache-Control"));

    bridge.telegramMessage(CHAT, "What are your opening hours?");
    SseListener.Event inbound = listener.nextMatching(e -> "inbound".equals(e.event()), 10);
    SseListener.Event reply = listener.nextMatching(e -> "reply".equals(e.event()), 10);
    String id = bridge.send(new JsonObject().put("channel", "telegram").put("chatId", String.valueOf(CHAT))
        .put("text", "We open at 9 tomorrow.")).bodyAsJsonObject().getString("id");
    SseListener.Event sent = listener.nextMatching(e -> "sent".equals(e.event()) && e.json().containsKey("session"), 10);
    SseListener.Event delivered = listener.nextMatching(e -> "sent".equals(e.event()) && e.json().containsKey("chunks"), 10);

    JsonObject question = inbound.json();
    assertEquals("telegram", question.getString("channel"));
    assertEquals(String.valueOf(CHAT), question.getString("chatId"));
    assertEquals(String.valueOf(CHAT), question.getString("senderId"));
    assertEquals("What are your opening hours?", question.getString("text"));
    assertTrue(question.getString("session").endsWith(":dm:" + CHAT), question.getString("session"));
    assertTrue(question.getLong("at") > 0);
    assertEquals(FakeModelServer.DEFAULT_REPLY, reply.json().getString("text"));
    assertEquals("local/fake-model", reply.json().getString("model"));
    assertEquals(question.getString("session"), reply.json().getString("session"));
    assertEquals("We open at 9 tomorrow.", sent.json().getString("text"));
    assertEquals(question.getString("session"), sent.json().getString("session"), "the chat's session");
    assertEquals(id, sent.json().getString("id"));
    assertEquals(id, delivered.json().getString("id"));
    assertEquals(boot(inbound.id()), boot(reply.id()));
    assertTrue(number(reply.id()) > number(inbound.id()), "ids grow: " + inbound.id() + ", " + reply.id());
    assertEquals("connected", listener.nextComment(5));
    assertEquals("", listener.nextComment(5), "a heartbeat comment keeps the stream open");
    listener.close().await();
  }

  @Test
  void typesFilterWhatAListenerGets() throws Exception {
    SseListener replies = listen("/v1/events?types=reply", null);

    bridge.telegramMessage(CHAT, "First");
    bridge.telegram.awaitCalls("sendMessage", 1).await();
    bridge.telegramMessage(CHAT, "Second");
    bridge.telegram.awaitCalls("sendMessage", 2).await();

    assertEquals("reply", replies.next(10).event());
    assertEquals("reply", replies.next(10).event());
    bridge.said(item -> "reply".equals(item.getString("type")));
    assertTrue(replies.drained().stream().allMatch(e -> "reply".equals(e.event())));
    replies.close().await();
  }

  @Test
  void anUnknownTypeIs400NamingItAndTheTypesThereAre() {
    String path = "/v1/events?types=reply,replies,failover,%20sennt";
    // The head first: a stream that was accepted would never end for a client reading the whole body.
    SseListener refused = listen(path, null);
    assertEquals(400, refused.status(), "refused, not a stream that stays silent");
    refused.close().await();

    HttpResponse<Buffer> response = bridge.get(path);
    assertEquals(400, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("application/json"));
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals("invalid_request_error", error.getString("type"));
    assertEquals("invalid_request", error.getString("code"));
    assertEquals("types", error.getString("param"));
    String message = error.getString("message");
    assertTrue(message.startsWith("unknown event types \"replies\", \"sennt\";"), message);
    for (String type : List.of("inbound", "reply", "sent", "delivery_failed", "handover_requested", "handover",
        "failover", "breaker", "reset")) {
      assertTrue(message.contains(type), type + " is listed: " + message);
    }
  }

  @Test
  void emptyTypesAreSkippedAndRepeatedTypesParametersAddUp() throws Exception {
    SseListener failovers = listen("/v1/events?types=,failover,,", null);
    SseListener everything = listen("/v1/events?types=", null);
    SseListener two = listen("/v1/events?types=handover&types=failover", null);
    assertEquals(200, failovers.status());
    assertEquals(200, everything.status());
    assertEquals(200, two.status());

    for (String type : List.of("breaker", "failover", "handover", "failover")) {
      vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", type));
    }
    assertEquals("failover", failovers.next(10).event());
    assertEquals("failover", failovers.next(10).event());
    assertEquals(List.of("breaker", "failover", "handover", "failover"), events(everything, 4));
    assertEquals(List.of("failover", "handover", "failover"), events(two, 3));
    failovers.close().await();
    everything.close().await();
    two.close().await();
  }

  private static List<String> events(SseListener listener, int count) throws InterruptedException {
    List<String> types = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      types.add(listener.next(10).event());
    }
    return types;
  }

  @Test
  void aListenerThatReconnectsWithLastEventIdGetsWhatItMissed() throws Exception {
    SseListener first = listen("/v1/events", null);
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "breaker").put("n", 1));
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "breaker").put("n", 2));
    SseListener.Event one = first.next(10);
    first.next(10);
    first.close().await();

    SseListener resumed = listen("/v1/events", one.id());
    assertEquals(2, resumed.next(10).json().getInteger("n"));
    SseListener tooLate = listen("/v1/events", "987654321");
    assertEquals("reset", tooLate.next(10).event());
    resumed.close().await();
    tooLate.close().await();
  }

  private static String boot(String id) {
    return id.substring(0, id.lastIndexOf('-'));
  }

  private static long number(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }

  @Test
  void withoutTheTokenNoStream() {
    SseListener anonymous = SseListener.open(vertx, bridge.port(), "/v1/events", null, null).await();
    assertEquals(401, anonymous.status());
    anonymous.close().await();
  }

  @Test
  void aListenerThatStopsReadingIsDisconnectedWhileTheOthersGetEverything() throws Exception {
    SseListener fast = listen("/v1/events?types=failover", null);
    Promise<Void> slowClosed = Promise.promise();
    AtomicLong slowBytes = new AtomicLong();
    NetSocket slow = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(4096))
        .connect(bridge.port(), "127.0.0.1").await();
    slow.handler(chunk -> slowBytes.addAndGet(chunk.length()));
    slow.closeHandler(closed -> slowClosed.tryComplete());
    slow.write("GET /v1/events?types=failover HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + MessagingBridge.API_TOKEN + "\r\n\r\n").await();
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "failover").put("n", -1));
    fast.next(10);
    slow.pause();

    // Published as fast as the reading listener takes them: it keeps up, the stalled one cannot.
    int events = 2000;
    String padding = "x".repeat(8 * 1024);
    for (int n = 0; n < events; n++) {
      vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "failover").put("n", n).put("pad", padding));
      assertEquals(n, fast.next(20).json().getInteger("n"), "the reading listener gets every event, in order");
    }
    slow.resume();
    slowClosed.future().await(20, TimeUnit.SECONDS);
    assertTrue(slowBytes.get() < (long) events * padding.length(), "the stalled listener was cut off, not buffered: "
        + slowBytes.get() + " bytes");
    fast.close().await();
  }
}

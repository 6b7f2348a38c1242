package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppServer.Recorded;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reaches WhatsApp when the router sends a Reply on {@code switchboard.outbound.whatsapp}; every
 * body is also checked against Meta's OpenAPI spec after each test.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class WhatsAppReplyDeliveryTest {

  private static final String USER = "16505551234";
  private static final String NUMBER = FakeWhatsAppServer.PHONE_NUMBER_ID;

  @TempDir
  Path pairingDir;

  private WhatsAppBridge bridge;

  @AfterEach
  void stop() {
    if (bridge != null) {
      bridge.close().await();
      bridge.assertEveryRequestConformsToSpec();
    }
  }

  private static void reply(Vertx vertx, String inboundId, String text) {
    vertx.eventBus().send(Addresses.outbound("whatsapp"),
        new Reply(inboundId, NUMBER, USER, null, text, "lmstudio/minimax-m2.1-gs32", null).toJson());
  }

  private static String body(Recorded send) {
    assertEquals(USER, send.body().getString("to"));
    assertEquals("/v23.0/" + NUMBER + "/messages", send.path());
    return send.body().getJsonObject("text").getString("body");
  }

  @Test
  void markdownArrivesInWhatsAppMarkup(Vertx vertx) {
    bridge = WhatsAppBridge.start(vertx, pairingDir);

    reply(vertx, "whatsapp:wamid.Q1", "## Colours\n\n**Yes**, it comes in *blue* and ~~red~~ too.\n\n"
        + "* see [the catalog](https://example.com/c)");

    Recorded send = bridge.graph.awaitRequests(1).await().get(0);
    assertEquals("*Colours*\n\n*Yes*, it comes in _blue_ and ~red~ too.\n\n- see the catalog (https://example.com/c)",
        body(send));
    assertEquals("Bearer " + WhatsAppBridge.TOKEN, send.headers().get("Authorization"));
  }

  @Test
  void aLongReplyArrivesInOrderedChunksWithinTheLimit(Vertx vertx) {
    bridge = WhatsAppBridge.start(vertx, pairingDir);
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      text.append("Paragraph ").append(i).append(": ").append("lorem ipsum dolor sit amet ".repeat(12)).append("\n\n");
    }

    reply(vertx, "whatsapp:wamid.Q2", text.toString());

    List<String> chunks = bridge.graph.awaitRequests(3).await().stream().map(WhatsAppReplyDeliveryTest::body).toList();
    assertEquals(3, chunks.size());
    assertTrue(chunks.stream().allMatch(chunk -> chunk.length() <= 4000), "each chunk within textChunkLimit");
    assertTrue(chunks.get(0).startsWith("Paragraph 1:"));
    assertTrue(chunks.get(2).endsWith("lorem ipsum dolor sit amet"), "ends with paragraph 30");
    assertEquals(text.toString().replaceAll("\\s+", ""), String.join("", chunks).replaceAll("\\s+", ""),
        "nothing lost, nothing reordered");
  }

  @Test
  void aThrottledChunkIsRetriedBeforeTheNextOneIsSent(Vertx vertx) {
    bridge = WhatsAppBridge.start(vertx, pairingDir, new JsonObject().put("dmPolicy", DmPolicy.OPEN.wireName())
        .put("textChunkLimit", 100));
    bridge.graph.failNextSends(1, 429, 130429);

    reply(vertx, "whatsapp:wamid.Q3", "First paragraph, long enough to need its own message here.\n\n"
        + "Second paragraph, which must not overtake the first one.");

    List<String> bodies = bridge.graph.awaitRequests(3).await().stream().map(r -> r.body().getJsonObject("text")
        .getString("body")).toList();
    assertEquals(List.of("First paragraph, long enough to need its own message here.",
        "First paragraph, long enough to need its own message here.",
        "Second paragraph, which must not overtake the first one."), bodies);
  }

  @Test
  void aClosedCustomerServiceWindowIsReportedAndNotRetried(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);
    bridge.graph.failNextSends(1, 400, 131047);

    reply(vertx, "whatsapp:wamid.Q4", "Here is the answer you asked for yesterday.");

    JsonObject event = bridge.nextEvent();
    assertEquals("delivery_failed", event.getString("type"));
    assertEquals(131047, event.getInteger("code"));
    assertEquals("whatsapp:wamid.Q4", event.getString("inboundId"));
    assertEquals(USER, event.getString("chatId"));
    assertEquals(1, bridge.graph.sends().size());
  }

  @Test
  void theUserSeesTypingUntilTheReplyIsSent(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir, new JsonObject().put("dmPolicy", DmPolicy.OPEN.wireName())
        .put("typingRefreshMs", 50));
    bridge.post("text.json");
    InboundMessage question = bridge.nextInbound();
    bridge.modelAnswers(question);

    List<Recorded> typing = bridge.graph.awaitRequests(3).await();
    assertTrue(typing.stream().allMatch(Recorded::isReadReceipt), "read + typing, refreshed while the model works");
    vertx.eventBus().send(Addresses.outbound("whatsapp"),
        Reply.to(question, "It also comes in green.", "lmstudio/minimax-m2.1-gs32", null).toJson());

    // Typing refreshes every 50 ms, so more read receipts may come before the send: wait for the send.
    List<Recorded> all = bridge.graph.awaitRequests(typing.size() + 1).await();
    while (all.stream().noneMatch(Recorded::isSend)) {
      all = bridge.graph.awaitRequests(all.size() + 1).await();
    }
    Recorded answer = all.stream().filter(Recorded::isSend).findFirst().orElseThrow();
    assertEquals("It also comes in green.", body(answer));
    String firstMessage = typing.get(0).body().getString("message_id");
    long receiptsWhenAnswered = receiptsFor(firstMessage);

    // The control: another customer's message starts its own typing at the same interval; once it has
    // been refreshed five times, a refresh for the answered message would have shown up too.
    bridge.post("user_id_text.json");
    InboundMessage second = bridge.nextInbound();
    bridge.modelAnswers(second);
    String secondMessage = second.id().substring("whatsapp:".length());
    while (receiptsFor(secondMessage) < 6) {
      bridge.graph.awaitRequests(bridge.graph.requests().size() + 1).await();
    }
    assertTrue(receiptsFor(firstMessage) <= receiptsWhenAnswered + 1,
        "typing stopped with the reply (one may have been in flight)");
  }

  private long receiptsFor(String messageId) {
    return bridge.graph.requests().stream()
        .filter(request -> request.isReadReceipt() && messageId.equals(request.body().getString("message_id")))
        .count();
  }
}

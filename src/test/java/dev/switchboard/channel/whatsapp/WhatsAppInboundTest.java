package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.channel.gate.DmPolicy;
import dev.switchboard.fakes.FakeWhatsAppServer;
import dev.switchboard.fakes.FakeWhatsAppServer.Recorded;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
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

/** What a signed WhatsApp webhook leads to: messages for the router, notes to the user, or an acknowledged drop. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class WhatsAppInboundTest {

  private static final String TEXT_WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";

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

  @Test
  void aTextReachesTheRouterAndMetaGetsA200(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);
    long before = System.currentTimeMillis();

    assertEquals(200, bridge.post("text.json").statusCode());

    InboundMessage message = bridge.nextInbound();
    assertEquals("whatsapp:" + TEXT_WAMID, message.id());
    assertEquals("whatsapp", message.channel());
    assertEquals(FakeWhatsAppServer.PHONE_NUMBER_ID, message.accountId());
    assertEquals("16505551234", message.chatId());
    assertEquals("16505551234", message.senderId());
    assertEquals(ChatType.DM, message.chatType());
    assertEquals("Sheena Nelson", message.senderName());
    assertEquals("Does it come in another color?", message.text());
    assertTrue(Math.abs(message.receivedAt() - before) < 5_000, "receivedAt is the message timestamp");
  }

  @Test
  void whileTheModelWorksTheMessageIsMarkedReadWithTyping(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);

    bridge.post("text.json");
    bridge.modelAnswers(bridge.nextInbound());

    Recorded receipt = bridge.graph.awaitRequests(1).await().get(0);
    assertEquals("/v23.0/" + FakeWhatsAppServer.PHONE_NUMBER_ID + "/messages", receipt.path());
    assertEquals(new JsonObject().put("messaging_product", "whatsapp").put("status", "read")
        .put("message_id", TEXT_WAMID).put("typing_indicator", new JsonObject().put("type", "text")), receipt.body());
  }

  @Test
  void theSameMessageTwiceIsAcknowledgedButReachesTheRouterOnce(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);

    assertEquals(200, bridge.post("text.json").statusCode());
    assertEquals(200, bridge.post("text.json").statusCode());
    bridge.post("interactive_button.json");

    assertEquals("whatsapp:" + TEXT_WAMID, bridge.nextInbound().id());
    assertEquals("Cancel", bridge.nextInbound().text(), "the repeated message was published again");
  }

  @Test
  void everyMessageOfABatchReachesTheRouter(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);

    assertEquals(200, bridge.post("batched.json").statusCode());

    List<String> texts = List.of(bridge.nextInbound().text(), bridge.nextInbound().text(),
        bridge.nextInbound().text());
    assertTrue(texts.containsAll(List.of("Hi, are you open on Sunday?", "What is the delivery time to Pune?",
        "Yes, the blue one please")), texts.toString());
  }

  @Test
  void statusesReachNobodyButAFailedOneIsReported(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);

    assertEquals(200, bridge.post("statuses.json").statusCode());
    bridge.post("text.json");

    JsonObject event = bridge.nextEvent();
    assertEquals("delivery_failed", event.getString("type"));
    assertEquals("whatsapp", event.getString("channel"));
    assertEquals(131047, event.getInteger("code"));
    assertEquals("16505551234", event.getString("chatId"));
    assertEquals("whatsapp:" + TEXT_WAMID, bridge.nextInbound().id(), "no status was published before it");
  }

  @Test
  void aBacklogReplayedByMetaIsAcknowledgedAndDropped(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);

    assertEquals(200, bridge.postRaw(FakeWhatsAppWebhooks.fixture("text.json")).statusCode(), "sent in 2025");
    bridge.post("interactive_list.json");

    assertEquals("Priority Mail Express", bridge.nextInbound().text());
  }

  @Test
  void anImageGoesToTheRouterWithItsMediaReferenceAndCaption(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);

    assertEquals(200, bridge.post("image.json").statusCode());

    InboundMessage published = bridge.nextInbound();
    assertEquals("Taj Mahal", published.text());
    assertEquals("1003383421387256", published.media().source(), "the media id, downloaded at turn time");
  }

  @Test
  void anOrderGetsAShortNoteAndNeverReachesTheRouter(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);

    assertEquals(200, bridge.postRaw(order()).statusCode());

    Recorded note = bridge.graph.awaitRequests(1).await().get(0);
    assertEquals("16505551234", note.body().getString("to"));
    assertEquals(WhatsAppVerticle.TEXT_ONLY_NOTICE, note.body().getJsonObject("text").getString("body"));
    bridge.post("text.json");
    assertEquals("whatsapp:" + TEXT_WAMID, bridge.nextInbound().id(), "the order was not published before it");
  }

  @Test
  void ordersCanBeIgnoredSilently(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir, new JsonObject().put("dmPolicy", DmPolicy.OPEN.wireName())
        .put("nonTextMessages", "ignore"));

    assertEquals(200, bridge.postRaw(order()).statusCode());
    bridge.post("text.json");

    InboundMessage text = bridge.nextInbound();
    assertEquals("whatsapp:" + TEXT_WAMID, text.id());
    // The text's read receipt comes after a note about the order would have been sent.
    bridge.modelAnswers(text);
    List<Recorded> requests = bridge.graph.awaitRequests(1).await();
    assertTrue(requests.stream().noneMatch(Recorded::isSend), "nothing was sent about the order");
  }

  /** An order from a catalogue, which the bridge cannot read: the image fixture retyped. */
  private static io.vertx.core.buffer.Buffer order() {
    String image = FakeWhatsAppWebhooks.fixtureAt("image.json", System.currentTimeMillis() / 1000).toString();
    return io.vertx.core.buffer.Buffer.buffer(image.replace("\"type\": \"image\"", "\"type\": \"order\""));
  }

  @Test
  void anUnknownSenderUnderPairingGetsACodeOnWhatsApp(Vertx vertx) {
    bridge = WhatsAppBridge.start(vertx, pairingDir, new JsonObject().put("dmPolicy", DmPolicy.PAIRING.wireName()));

    assertEquals(200, bridge.post("text.json").statusCode());

    Recorded code = bridge.graph.awaitRequests(1).await().get(0);
    assertEquals("16505551234", code.body().getString("to"));
    String text = code.body().getJsonObject("text").getString("body");
    assertTrue(text.contains("pairing code") && text.contains("pairing approve whatsapp"), text);
    assertTrue(bridge.publishedSoFar().isEmpty());
  }

  @Test
  void anUnsignedPostIsRefusedAndPublishesNothing(Vertx vertx) throws InterruptedException {
    bridge = WhatsAppBridge.start(vertx, pairingDir);

    assertEquals(401, bridge.postUnsigned(FakeWhatsAppWebhooks.fixture("text.json")).statusCode());
    bridge.post("interactive_button.json");

    assertEquals("Cancel", bridge.nextInbound().text());
  }
}

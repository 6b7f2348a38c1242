package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.fakes.FakeWhatsAppWebhooks;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class WhatsAppWebhookParserTest {

  private final WhatsAppWebhookParser parser = new WhatsAppWebhookParser();

  private WebhookContents parse(String fixture) {
    return parser.parse(new JsonObject(FakeWhatsAppWebhooks.fixture(fixture)));
  }

  private InboundMessage onlyMessage(WebhookContents contents) {
    assertEquals(1, contents.messages().size());
    return contents.messages().get(0).message();
  }

  @Test
  void aTextMessageBecomesAnInboundMessage() {
    WebhookContents contents = parse("text.json");
    InboundMessage message = onlyMessage(contents);

    assertEquals("whatsapp:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", message.id());
    assertEquals("whatsapp", message.channel());
    assertEquals("106540352242922", message.accountId());
    assertEquals("16505551234", message.chatId());
    assertEquals("16505551234", message.senderId());
    assertEquals(ChatType.DM, message.chatType());
    assertEquals("Sheena Nelson", message.senderName());
    assertEquals("Does it come in another color?", message.text());
    assertEquals(1_749_416_383_000L, message.receivedAt());
    assertNull(message.replyToId());
    assertNull(message.threadId());
    assertTrue(contents.messages().get(0).readable());
    assertEquals(0, contents.malformed());
  }

  @Test
  void everyEntryChangeAndMessageOfABatchIsRead() {
    WebhookContents contents = parse("batched.json");

    List<String> texts = contents.messages().stream().map(m -> m.message().text()).toList();
    assertEquals(List.of("Hi, are you open on Sunday?", "What is the delivery time to Pune?",
        "Yes, the blue one please"), texts);
    List<String> senders = contents.messages().stream().map(m -> m.message().senderName()).toList();
    assertEquals(List.of("Sheena Nelson", "Ravi Kumar", "Maria Lopez"), senders);
    InboundMessage second = contents.messages().get(2).message();
    assertEquals("113269274970227", second.accountId(), "the number that received it answers it");
    assertEquals("wamid.HBgNNTIxNTUxMjM0NTY3OBUCABEYEjQ1QjE3OTBBMDkzQjVEMjE4NwA=", second.replyToId());
    assertEquals(2, contents.ignored(), "the delivered status and the reaction");
    assertTrue(contents.deliveryFailures().isEmpty());
  }

  @Test
  void statusesNeverBecomeMessagesAndAFailedOneIsADeliveryFailure() {
    WebhookContents contents = parse("statuses.json");

    assertTrue(contents.messages().isEmpty());
    assertEquals(3, contents.ignored(), "sent, delivered, read");
    DeliveryFailure failure = contents.deliveryFailures().get(0);
    assertEquals(1, contents.deliveryFailures().size());
    assertTrue(failure.reengagementRequired());
    assertEquals("16505551234", failure.chatId());
    assertEquals("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJEMEUxRjJBM0I0QzVENkU3RjgA", failure.messageId());
    assertTrue(failure.reason().contains("24 hours"));
    JsonObject event = failure.toEvent();
    assertEquals("delivery_failed", event.getString("type"));
    assertEquals("whatsapp", event.getString("channel"));
    assertEquals(131047, event.getInteger("code"));
  }

  @Test
  void aTappedReplyButtonIsReadAsItsTitle() {
    ReceivedMessage received = parse("interactive_button.json").messages().get(0);

    assertTrue(received.readable());
    assertEquals("interactive", received.type());
    assertEquals("Cancel", received.message().text());
    assertEquals("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJGMzEyNzhENTZDMzNGODlDRDgA", received.message().replyToId());
  }

  @Test
  void aChosenListRowIsReadAsItsTitle() {
    assertEquals("Priority Mail Express", onlyMessage(parse("interactive_list.json")).text());
  }

  @Test
  void aTemplateQuickReplyIsReadAsItsLabel() {
    assertEquals("Unsubscribe", onlyMessage(parse("template_button.json")).text());
  }

  @Test
  void anImageIsReadWithItsMediaIdAndCaption() {
    ReceivedMessage received = parse("image.json").messages().get(0);

    assertTrue(received.readable());
    assertEquals("image", received.type());
    assertEquals(dev.switchboard.bus.MediaRef.Kind.IMAGE, received.message().media().kind());
    assertEquals("image/jpeg", received.message().media().mimeType());
    assertEquals("16505551234", received.message().chatId());
  }

  @Test
  void escapedUnicodeIsDecodedIntoTheText() {
    InboundMessage message = onlyMessage(parse("unicode_escaped.json"));

    assertEquals("Grüße aus München! Ist die Größe änderbar? \uD83D\uDE00 Mail: j@example.de, "
        + "Link: https://example.de/menü", message.text());
    assertEquals("Jürgen März", message.senderName());
  }

  @Test
  void aSenderKnownOnlyByBusinessScopedUserIdIsKeptOpaque() {
    InboundMessage message = onlyMessage(parse("user_id_text.json"));

    assertEquals("US.13491208655302741918", message.chatId());
    assertEquals("US.13491208655302741918", message.senderId());
    assertEquals("Alex", message.senderName());
  }

  @Test
  void aMessageMissingItsIdOrSenderIsSkippedWithoutLosingTheOthers() {
    JsonObject body = new JsonObject(FakeWhatsAppWebhooks.fixture("batched.json"));
    JsonObject firstChange = body.getJsonArray("entry").getJsonObject(0).getJsonArray("changes").getJsonObject(0);
    firstChange.getJsonObject("value").getJsonArray("messages").getJsonObject(0).remove("id");

    WebhookContents contents = parser.parse(body);

    assertEquals(1, contents.malformed());
    assertEquals(2, contents.messages().size());
  }

  @Test
  void aBodyThatIsNotAWhatsAppWebhookIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> parser.parse(new JsonObject().put("object", "page")));
  }

  @Test
  void otherFieldsThanMessagesAreIgnored() {
    JsonObject body = new JsonObject().put("object", "whatsapp_business_account").put("entry", List.of(
        new JsonObject().put("id", "1").put("changes", List.of(new JsonObject().put("field", "account_update")
            .put("value", new JsonObject().put("event", "VERIFIED_ACCOUNT"))))));

    WebhookContents contents = parser.parse(body);

    assertTrue(contents.messages().isEmpty());
    assertEquals(1, contents.ignored());
  }
}

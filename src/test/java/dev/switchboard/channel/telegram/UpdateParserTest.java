package dev.switchboard.channel.telegram;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.fakes.FakeTelegramServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class UpdateParserTest {

  private static final BotIdentity BOT = new BotIdentity(FakeTelegramServer.BOT_ID, FakeTelegramServer.BOT_USERNAME);

  private final UpdateParser parser = new UpdateParser(BOT, true);

  private InboundMessage accepted(JsonObject update) {
    return assertInstanceOf(ParsedUpdate.Accepted.class, parser.parse(update)).message();
  }

  private String ignored(JsonObject update) {
    return assertInstanceOf(ParsedUpdate.Ignored.class, parser.parse(update)).reason();
  }

  @Test
  void aPrivateTextBecomesAnInboundMessageKeyedByUpdateId() {
    InboundMessage message = accepted(TelegramUpdates.fixture("private_text"));
    assertEquals(new InboundMessage("telegram:500000001", "telegram", "7000000001", "111222333", ChatType.DM,
        "111222333", "Ann Lee", null, "Hello! Can you summarise the Vert.x event bus in two sentences?",
        1_750_000_000_000L, null), message);
  }

  @Test
  void theTelegramMessageIdIsKeptForQuotingTheReply() {
    assertEquals(412, assertInstanceOf(ParsedUpdate.Accepted.class,
        parser.parse(TelegramUpdates.fixture("topic_message"))).messageId());
  }

  @Test
  void aGroupMentionAfterAnEmojiIsFoundByUtf16OffsetAndStripped() {
    InboundMessage message = accepted(TelegramUpdates.fixture("group_mention"));
    assertEquals("\uD83D\uDC4B what is 2+2?", message.text());
    assertEquals(ChatType.GROUP, message.chatType());
    assertEquals("-1001234567890", message.chatId());
  }

  @Test
  void aReplyToTheBotInAGroupIsAddressedAndKeepsWhatItAnswers() {
    InboundMessage message = accepted(TelegramUpdates.fixture("group_reply_to_bot"));
    assertEquals("And in French?", message.text());
    assertEquals("202", message.replyToId());
  }

  @Test
  void aCommandForThisBotReachesTheRouterAsABareCommand() {
    assertEquals("/help", accepted(TelegramUpdates.fixture("group_command")).text());
  }

  @Test
  void aGroupMessageNotAddressedToTheBotIsIgnored() {
    assertEquals("group message not addressed to the bot", ignored(TelegramUpdates.fixture("group_not_addressed")));
  }

  @Test
  void aTopicMessageCarriesItsThreadAndIsNoReplyToTheTopicRoot() {
    InboundMessage message = accepted(TelegramUpdates.fixture("topic_message"));
    assertEquals("7", message.threadId());
    assertNull(message.replyToId());
    assertEquals("status of the nightly build?", message.text());
  }

  @Test
  void anEditIsIgnored() {
    assertEquals("not a new message: edited_message", ignored(TelegramUpdates.fixture("edited_message")));
  }

  @Test
  void aBotsMessageIsIgnoredEvenWhenItMentionsTheBot() {
    assertEquals("message from a bot", ignored(TelegramUpdates.fixture("from_bot")));
  }

  @Test
  void theBotsOwnMessageIsIgnored() {
    JsonObject update = TelegramUpdates.fixture("private_text");
    update.getJsonObject("message").put("from", new JsonObject().put("id", BOT.id()).put("is_bot", true)
        .put("first_name", "Switchboard"));
    assertEquals("message from a bot", ignored(update));
  }

  @Test
  void aTextMentionOfTheBotsIdAddressesIt() {
    JsonObject update = groupText("Switchboard, explain breakers", new JsonArray().add(new JsonObject()
        .put("type", "text_mention").put("offset", 0).put("length", 11)
        .put("user", new JsonObject().put("id", BOT.id()).put("is_bot", true).put("first_name", "Switchboard"))));
    assertEquals("explain breakers", accepted(update).text());
  }

  @Test
  void aMentionIsMatchedWhateverItsCase() {
    JsonObject update = groupText("@Switchboard_Bot hi", new JsonArray().add(entity("mention", 0, 16)));
    assertEquals("hi", accepted(update).text());
  }

  @Test
  void aCommandTaggedBothAsCommandAndAsMentionLosesTheBotNameOnce() {
    JsonObject update = groupText("/status@switchboard_bot now",
        new JsonArray().add(entity("bot_command", 0, 23)).add(entity("mention", 7, 16)));
    assertEquals("/status now", accepted(update).text());
  }

  @Test
  void aCommandForAnotherBotIsNotForThisOne() {
    JsonObject update = groupText("/help@echo_bot", new JsonArray().add(entity("bot_command", 0, 14)));
    assertEquals("group message not addressed to the bot", ignored(update));
  }

  @Test
  void aBareCommandInAGroupIsNotAddressed() {
    JsonObject update = groupText("/help", new JsonArray().add(entity("bot_command", 0, 5)));
    assertEquals("group message not addressed to the bot", ignored(update));
  }

  @Test
  void withoutRequiredMentionsEveryGroupTextIsAccepted() {
    UpdateParser everything = new UpdateParser(BOT, false);
    ParsedUpdate parsed = everything.parse(TelegramUpdates.fixture("group_not_addressed"));
    assertEquals("Anyone up for lunch? @bob", assertInstanceOf(ParsedUpdate.Accepted.class, parsed).message().text());
  }

  @Test
  void aMessageThatIsOnlyTheMentionIsIgnored() {
    JsonObject update = groupText("@switchboard_bot", new JsonArray().add(entity("mention", 0, 16)));
    assertEquals("nothing but a mention of the bot", ignored(update));
  }

  @Test
  void aPhotoIsAcceptedWithItsCaptionAndItsLargestSize() {
    JsonObject update = TelegramUpdates.fixture("private_text");
    JsonObject message = update.getJsonObject("message");
    message.remove("text");
    message.put("caption", "what is this?").put("photo", new JsonArray()
        .add(new JsonObject().put("file_id", "big").put("file_unique_id", "b").put("width", 900).put("height", 900))
        .add(new JsonObject().put("file_id", "small").put("file_unique_id", "s").put("width", 90).put("height", 90)));

    InboundMessage accepted = ((ParsedUpdate.Accepted) parser.parse(update)).message();

    assertEquals("what is this?", accepted.text());
    assertEquals("big", accepted.media().source());
    assertEquals(dev.switchboard.bus.MediaRef.Kind.IMAGE, accepted.media().kind());
  }

  @Test
  void aServiceMessageIsIgnored() {
    JsonObject update = TelegramUpdates.fixture("private_text");
    JsonObject message = update.getJsonObject("message");
    message.remove("text");
    message.put("new_chat_title", "Renamed");
    assertEquals("not a message to answer", ignored(update));
  }

  @Test
  void aChannelPostIsIgnored() {
    JsonObject update = new JsonObject().put("update_id", 1).put("channel_post", new JsonObject()
        .put("message_id", 1).put("date", 1).put("chat", new JsonObject().put("id", -100L).put("type", "channel")));
    assertEquals("not a new message: channel_post", ignored(update));
  }

  @Test
  void aBodyThatIsNoUpdateIsRejectedWithAClearReason() {
    IllegalArgumentException noId = assertThrows(IllegalArgumentException.class,
        () -> parser.parse(new JsonObject().put("message", new JsonObject())));
    assertEquals("update_id must be a number", noId.getMessage());
    JsonObject wrongType = TelegramUpdates.fixture("private_text");
    wrongType.getJsonObject("message").put("entities", "none");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parser.parse(wrongType)).getMessage()
        .startsWith("not a Telegram Update"));
  }

  private static JsonObject groupText(String text, JsonArray entities) {
    JsonObject update = TelegramUpdates.fixture("group_not_addressed");
    update.getJsonObject("message").put("text", text).put("entities", entities);
    return update;
  }

  private static JsonObject entity(String type, int offset, int length) {
    return new JsonObject().put("type", type).put("offset", offset).put("length", length);
  }
}

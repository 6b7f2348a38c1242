package dev.switchboard.channel.slack;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.fakes.FakeSlackServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class SlackEventParserTest {

  private static final SlackIdentity BOT = new SlackIdentity(FakeSlackServer.BOT_USER_ID, FakeSlackServer.BOT_ID,
      FakeSlackServer.TEAM_ID, "Switchboard Test");

  private final SlackEventParser parser = new SlackEventParser(BOT);

  @Test
  void urlVerificationYieldsTheChallenge() {
    SlackEvent event = parser.parse(SlackFixtures.json("url_verification"));
    assertEquals(new SlackEvent.UrlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"), event);
  }

  @Test
  void aChannelMentionBecomesAGroupMessageThreadedOnItself() {
    InboundMessage message = accepted("app_mention");
    assertEquals("slack:Ev0LAN670R", message.id());
    assertEquals("slack", message.channel());
    assertEquals("T123ABC456", message.accountId());
    assertEquals("C0LAN2Q65", message.chatId());
    assertEquals(ChatType.GROUP, message.chatType());
    assertEquals("U061F7AUR", message.senderId());
    assertEquals("is it everything a river should be?", message.text());
    assertEquals("1515449522.000016", message.threadId());
    assertEquals(1_515_449_522_000L, message.receivedAt());
  }

  @Test
  void aMentionInsideAThreadKeepsThatThread() {
    InboundMessage message = accepted("app_mention_in_thread");
    assertEquals("1515449522.000016", message.threadId());
    assertEquals("and how long is the Danube?", message.text());
  }

  @Test
  void aDirectMessageIsOneSessionWithSlackEscapesUndone() {
    InboundMessage message = accepted("message_im");
    assertEquals(ChatType.DM, message.chatType());
    assertEquals("D024BE91L", message.chatId());
    assertNull(message.threadId());
    assertEquals("Which is longer, the Rhine & the Elbe together, or the Danube? Is 1,233 < 2,850?", message.text());
  }

  @Test
  void aDirectMessageInsideAThreadBelongsToThatThread() {
    JsonObject body = SlackFixtures.json("message_im");
    body.getJsonObject("event").put("thread_ts", "1515449600.000100");
    assertEquals("1515449600.000100", message(parser.parse(body)).message().threadId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"message_bot", "message_changed", "message_channel_mention"})
  void fixturesThatNeedNoAnswerAreIgnored(String fixture) {
    assertInstanceOf(SlackEvent.Ignored.class, parser.parse(SlackFixtures.json(fixture)));
  }

  @Test
  void theBotsOwnMessageIsIgnoredEvenWithoutBotId() {
    JsonObject body = SlackFixtures.json("message_bot");
    body.getJsonObject("event").remove("bot_id");
    assertEquals(new SlackEvent.Ignored("the bot's own message"), parser.parse(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bot_message", "channel_join", "message_deleted", "thread_broadcast"})
  void messagesWithAnySubtypeAreIgnored(String subtype) {
    JsonObject body = SlackFixtures.json("message_im");
    body.getJsonObject("event").put("subtype", subtype);
    assertEquals(new SlackEvent.Ignored("subtype " + subtype), parser.parse(body));
  }

  @Test
  void aSharedFileIsAMessageWithItsFile() {
    JsonObject body = SlackFixtures.json("message_im");
    body.getJsonObject("event").put("subtype", "file_share").put("text", "").put("files", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("id", "F1").put("name", "menu.pdf").put("mimetype", "application/pdf")
            .put("size", 1234).put("url_private_download", "https://files.slack.com/files-pri/T1-F1/download/menu.pdf")));

    SlackEvent.Message message = (SlackEvent.Message) parser.parse(body);

    assertEquals("", message.message().text());
    assertEquals(new dev.switchboard.bus.MediaRef(dev.switchboard.bus.MediaRef.Kind.DOCUMENT,
        "https://files.slack.com/files-pri/T1-F1/download/menu.pdf", "application/pdf", "menu.pdf", 1234, "file"),
        message.message().media());
  }

  @Test
  void hiddenMessagesAreIgnored() {
    JsonObject body = SlackFixtures.json("message_im");
    body.getJsonObject("event").put("hidden", true);
    assertInstanceOf(SlackEvent.Ignored.class, parser.parse(body));
  }

  @Test
  void aChannelMessageWithoutAMentionIsNotForTheBot() {
    JsonObject body = SlackFixtures.json("message_channel_mention");
    body.getJsonObject("event").put("text", "lunch anyone?");
    assertEquals(new SlackEvent.Ignored("channel message not addressed to the bot"), parser.parse(body));
  }

  @Test
  void otherEventTypesAreIgnored() {
    JsonObject body = SlackFixtures.json("app_mention");
    body.put("event", new JsonObject().put("type", "reaction_added").put("user", "U061F7AUR").put("reaction", "eyes"));
    assertEquals(new SlackEvent.Ignored("event type reaction_added"), parser.parse(body));
  }

  @Test
  void theOlderMentionFormWithANameIsStrippedToo() {
    JsonObject body = SlackFixtures.json("app_mention");
    body.getJsonObject("event").put("text", "<@U0LAN0Z89|switchboard>   hello <@U061F7AUR>");
    assertEquals("hello <@U061F7AUR>", message(parser.parse(body)).message().text());
  }

  @Test
  void aBareMentionWithNoQuestionIsIgnored() {
    JsonObject body = SlackFixtures.json("app_mention");
    body.getJsonObject("event").put("text", "<@U0LAN0Z89> ");
    assertInstanceOf(SlackEvent.Ignored.class, parser.parse(body));
  }

  @Test
  void malformedEnvelopesAreIgnoredRatherThanThrown() {
    JsonObject wrongTypes = SlackFixtures.json("app_mention");
    wrongTypes.getJsonObject("event").put("channel", 42).put("ts", true);
    JsonObject badTs = SlackFixtures.json("app_mention");
    badTs.getJsonObject("event").put("ts", "soon");
    for (JsonObject body : new JsonObject[] {new JsonObject(), new JsonObject().put("type", "event_callback"),
        new JsonObject().put("type", "event_callback").put("event", "text"), wrongTypes, badTs,
        new JsonObject().put("type", "url_verification")}) {
      assertInstanceOf(SlackEvent.Ignored.class, parser.parse(body), body.encode());
    }
  }

  private InboundMessage accepted(String fixture) {
    return message(parser.parse(SlackFixtures.json(fixture))).message();
  }

  private static SlackEvent.Message message(SlackEvent event) {
    return assertInstanceOf(SlackEvent.Message.class, event);
  }
}

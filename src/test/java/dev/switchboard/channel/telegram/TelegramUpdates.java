package dev.switchboard.channel.telegram;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.fakes.FakeTelegramServer;
import io.vertx.core.json.JsonObject;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.forum.ForumTopicCreated;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fixture updates of {@code channels/telegram/fixtures/}, built with telegrambots-meta's own
 * models (an independent client's idea of an Update) and serialized with Jackson.
 */
final class TelegramUpdates {

  static final Path FIXTURES = Path.of("channels", "telegram", "fixtures");
  static final int DATE = 1_750_000_000;

  static final User ANN = User.builder().id(111_222_333L).isBot(false).firstName("Ann").lastName("Lee")
      .userName("ann_lee").languageCode("en").build();
  static final User BOT = User.builder().id(FakeTelegramServer.BOT_ID).isBot(true).firstName("Switchboard")
      .userName(FakeTelegramServer.BOT_USERNAME).build();
  static final User OTHER_BOT = User.builder().id(7_000_000_999L).isBot(true).firstName("Echo")
      .userName("echo_bot").build();

  static final Chat PRIVATE = Chat.builder().id(ANN.getId()).type("private").firstName("Ann").lastName("Lee")
      .userName("ann_lee").build();
  static final Chat TEAM = Chat.builder().id(-1_001_234_567_890L).type("supergroup").title("Team").build();
  static final Chat LUNCH = Chat.builder().id(-4_001_234_567L).type("group").title("Lunch").build();
  static final Chat FORUM = Chat.builder().id(-1_009_876_543_210L).type("supergroup").title("Engineering")
      .isForum(true).build();

  /** Fixture file name (without .json) to the update it holds. */
  static final Map<String, Supplier<Update>> ALL = Map.of(
      "private_text", TelegramUpdates::privateText,
      "group_mention", TelegramUpdates::groupMention,
      "group_reply_to_bot", TelegramUpdates::groupReplyToBot,
      "group_command", TelegramUpdates::groupCommand,
      "group_not_addressed", TelegramUpdates::groupNotAddressed,
      "topic_message", TelegramUpdates::topicMessage,
      "edited_message", TelegramUpdates::editedMessage,
      "from_bot", TelegramUpdates::fromBot);

  private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private TelegramUpdates() {
  }

  static Update privateText() {
    return update(500_000_001, Message.builder().messageId(11).from(ANN).chat(PRIVATE).date(DATE)
        .text("Hello! Can you summarise the Vert.x event bus in two sentences?").build());
  }

  /** The mention follows an emoji (two UTF-16 units), so a code-point offset would miss it. */
  static Update groupMention() {
    String text = "\uD83D\uDC4B @switchboard_bot what is 2+2?";
    return update(500_000_002, Message.builder().messageId(201).from(ANN).chat(TEAM).date(DATE).text(text)
        .entities(List.of(entity("mention", 3, 16))).build());
  }

  static Update groupReplyToBot() {
    Message botAnswer = Message.builder().messageId(202).from(BOT).chat(TEAM).date(DATE - 60)
        .text("2 + 2 = 4.").build();
    return update(500_000_003, Message.builder().messageId(203).from(ANN).chat(TEAM).date(DATE)
        .text("And in French?").replyToMessage(botAnswer).build());
  }

  static Update groupCommand() {
    return update(500_000_004, Message.builder().messageId(204).from(ANN).chat(TEAM).date(DATE)
        .text("/help@switchboard_bot").entities(List.of(entity("bot_command", 0, 21))).build());
  }

  /** Mentions someone, not the bot. */
  static Update groupNotAddressed() {
    return update(500_000_005, Message.builder().messageId(31).from(ANN).chat(LUNCH).date(DATE)
        .text("Anyone up for lunch? @bob").entities(List.of(entity("mention", 21, 4))).build());
  }

  /** In a forum topic, the message "replies" to the topic's creation message: that is no reply. */
  static Update topicMessage() {
    Message topicCreated = Message.builder().messageId(7).messageThreadId(7).from(ANN).chat(FORUM)
        .date(DATE - 86_400).isTopicMessage(true)
        .forumTopicCreated(ForumTopicCreated.builder().name("Ops").iconColor(7_322_096).build()).build();
    return update(500_000_006, Message.builder().messageId(412).messageThreadId(7).isTopicMessage(true)
        .from(ANN).chat(FORUM).date(DATE).replyToMessage(topicCreated)
        .text("@switchboard_bot status of the nightly build?").entities(List.of(entity("mention", 0, 16))).build());
  }

  static Update editedMessage() {
    Update update = new Update();
    update.setUpdateId(500_000_007);
    update.setEditedMessage(Message.builder().messageId(11).from(ANN).chat(PRIVATE).date(DATE)
        .editDate(DATE + 30).text("Hello! Can you summarise the Vert.x event bus in one sentence?").build());
    return update;
  }

  static Update fromBot() {
    return update(500_000_008, Message.builder().messageId(205).from(OTHER_BOT).chat(TEAM).date(DATE)
        .text("@switchboard_bot ping").entities(List.of(entity("mention", 0, 16))).build());
  }

  static JsonObject toJson(Update update) {
    try {
      return new JsonObject(JSON.writeValueAsString(update));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("telegrambots-meta update does not serialize", e);
    }
  }

  /** The fixture file as stored. */
  static JsonObject fixture(String name) {
    try {
      return new JsonObject(Files.readString(FIXTURES.resolve(name + ".json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Update update(int updateId, Message message) {
    Update update = new Update();
    update.setUpdateId(updateId);
    update.setMessage(message);
    return update;
  }

  private static MessageEntity entity(String type, int offset, int length) {
    return MessageEntity.builder().type(type).offset(offset).length(length).build();
  }
}

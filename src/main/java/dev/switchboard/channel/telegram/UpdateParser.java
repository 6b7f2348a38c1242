package dev.switchboard.channel.telegram;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.MediaRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Turns a webhook {@code Update} into an {@link InboundMessage}, or says why it is dropped.
 *
 * <ul>
 *   <li>Only {@code message} updates count; edits, channel posts, callbacks, membership changes and
 *       the rest are acknowledged and ignored.</li>
 *   <li>Text, and the kinds {@link TelegramMessageKinds} reads: a photo, a voice note or a document goes
 *       to the router with its caption, to be read at turn time; a sticker, a location or a contact
 *       becomes text. Service messages (a member joined…) are ignored.</li>
 *   <li>Messages from bots (this one included, and anonymous admins, whose {@code from} is
 *       {@code GroupAnonymousBot}) are ignored.</li>
 *   <li>Private chats are always addressed to the bot. In groups and supergroups, when mentions are
 *       required, a message is addressed only by a mention of the bot, a {@code /command@bot}, or a
 *       reply to one of the bot's messages. A bare {@code /command} is not enough: in a group with
 *       several bots every one of them would answer it, and Telegram's command menu already appends
 *       {@code @bot} there.</li>
 * </ul>
 * Thread-safe: it holds only immutable state.
 */
public final class UpdateParser {

  private static final String CHANNEL = "telegram";

  private final BotIdentity bot;
  private final BotMentions mentions;
  private final boolean requireMention;

  /** @param requireMention in groups, answer only messages addressed to the bot */
  public UpdateParser(BotIdentity bot, boolean requireMention) {
    this.bot = bot;
    this.mentions = new BotMentions(bot);
    this.requireMention = requireMention;
  }

  /**
   * @throws IllegalArgumentException when the body is not an Update at all (no numeric
   *                                  {@code update_id}, a message without a chat id)
   */
  public ParsedUpdate parse(JsonObject update) {
    try {
      return parseChecked(update);
    } catch (ClassCastException wrongType) {
      throw new IllegalArgumentException("not a Telegram Update: a field has the wrong type");
    }
  }

  private ParsedUpdate parseChecked(JsonObject update) {
    long updateId = requiredLong(update, "update_id", "update_id");
    Object value = update.getValue("message");
    if (value == null) {
      return new ParsedUpdate.Ignored("not a new message: " + kindOf(update));
    }
    if (!(value instanceof JsonObject message)) {
      throw new IllegalArgumentException("message must be an object");
    }
    JsonObject chat = message.getValue("chat") instanceof JsonObject object ? object : null;
    if (chat == null) {
      throw new IllegalArgumentException("message.chat must be an object");
    }
    long chatId = requiredLong(chat, "id", "message.chat.id");
    ChatType chatType = chatType(chat.getString("type", ""));
    if (chatType == null) {
      return new ParsedUpdate.Ignored("chat type " + chat.getValue("type") + " is not answered");
    }
    JsonObject from = message.getValue("from") instanceof JsonObject object ? object : null;
    if (from == null || !(from.getValue("id") instanceof Number senderId)) {
      return new ParsedUpdate.Ignored("message has no sender");
    }
    if (from.getBoolean("is_bot", false)) {
      return new ParsedUpdate.Ignored("message from a bot");
    }
    String rawText;
    JsonArray entities;
    MediaRef media = null;
    if (message.getValue("text") instanceof String text) {
      rawText = text;
      entities = message.getJsonArray("entities");
    } else {
      TelegramMessageKinds.Content content = TelegramMessageKinds.of(message);
      if (content == null) {
        return new ParsedUpdate.Ignored("not a message to answer");
      }
      rawText = content.text();
      entities = content.entities();
      media = content.media();
    }
    BotMentions.Scan scan = mentions.scan(rawText, entities);
    JsonObject repliedTo = repliedTo(message);
    boolean addressed = chatType == ChatType.DM || !requireMention || scan.addressed() || isFromBot(repliedTo);
    if (!addressed) {
      return new ParsedUpdate.Ignored("group message not addressed to the bot");
    }
    if (scan.text().isEmpty() && media == null) {
      return new ParsedUpdate.Ignored("nothing but a mention of the bot");
    }
    return new ParsedUpdate.Accepted(new InboundMessage(CHANNEL + ":" + updateId, CHANNEL, bot.accountId(),
        Long.toString(chatId), chatType, Long.toString(senderId.longValue()), senderName(from),
        topicId(message), scan.text(), message.getLong("date", 0L) * 1000,
        repliedTo == null ? null : String.valueOf(repliedTo.getValue("message_id")), media),
        requiredLong(message, "message_id", "message.message_id"));
  }

  private static ChatType chatType(String type) {
    return switch (type) {
      case "private" -> ChatType.DM;
      case "group", "supergroup" -> ChatType.GROUP;
      default -> null;
    };
  }

  /**
   * The message this one answers. In a forum topic every message "replies" to the topic's creation
   * message; that is where it was posted, not what it answers, so it does not count.
   */
  private static JsonObject repliedTo(JsonObject message) {
    if (!(message.getValue("reply_to_message") instanceof JsonObject replied)) {
      return null;
    }
    boolean topicRoot = replied.containsKey("forum_topic_created")
        || (message.getBoolean("is_topic_message", false)
            && replied.getValue("message_id") instanceof Number repliedId
            && message.getValue("message_thread_id") instanceof Number threadId
            && repliedId.longValue() == threadId.longValue());
    return topicRoot ? null : replied;
  }

  private boolean isFromBot(JsonObject repliedTo) {
    return repliedTo != null && repliedTo.getValue("from") instanceof JsonObject author
        && author.getValue("id") instanceof Number id && id.longValue() == bot.id();
  }

  /** A forum topic's id; a plain reply thread in a group also has one, but it is not a topic. */
  private static String topicId(JsonObject message) {
    Object threadId = message.getValue("message_thread_id");
    return message.getBoolean("is_topic_message", false) && threadId instanceof Number number
        ? Long.toString(number.longValue()) : null;
  }

  private static String senderName(JsonObject from) {
    String first = from.getString("first_name", "");
    String last = from.getString("last_name", "");
    String name = (first + " " + last).strip();
    return name.isEmpty() ? from.getString("username", String.valueOf(from.getValue("id"))) : name;
  }

  private static String kindOf(JsonObject update) {
    return update.fieldNames().stream().filter(name -> !name.equals("update_id")).findFirst().orElse("empty update");
  }

  private static long requiredLong(JsonObject object, String key, String path) {
    if (!(object.getValue(key) instanceof Number number)) {
      throw new IllegalArgumentException(path + " must be a number");
    }
    return number.longValue();
  }
}

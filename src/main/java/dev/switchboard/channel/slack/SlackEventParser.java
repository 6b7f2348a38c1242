package dev.switchboard.channel.slack;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.MediaRef;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads an Events API body into a {@link SlackEvent}. Channels are answered through
 * {@code app_mention}; direct messages through {@code message} with {@code channel_type: im}. A
 * channel {@code message} is never answered: when it mentions the bot, the {@code app_mention} of
 * the same message answers it, and without a mention it is not addressed to the bot.
 *
 * <p>Sessions: in a channel each thread is its own conversation ({@code threadId = thread_ts ?: ts},
 * so a mention at top level opens a thread and the reply goes there); a DM is one conversation,
 * except that a message sent inside a DM thread belongs to that thread.
 */
public final class SlackEventParser {

  private static final String CHANNEL = "slack";

  private final SlackIdentity bot;
  private final Pattern leadingMention;
  private final String mention;

  public SlackEventParser(SlackIdentity bot) {
    this.bot = bot;
    this.mention = "<@" + bot.userId();
    // <@U123> or the older <@U123|name>, then any spaces, at the very start of the text.
    this.leadingMention = Pattern.compile("^\\s*<@" + Pattern.quote(bot.userId()) + "(\\|[^>]*)?>\\s*");
  }

  public SlackEvent parse(JsonObject body) {
    String type = string(body, "type");
    if ("url_verification".equals(type)) {
      String challenge = string(body, "challenge");
      return challenge == null ? new SlackEvent.Ignored("url_verification without a challenge")
          : new SlackEvent.UrlVerification(challenge);
    }
    if (!"event_callback".equals(type)) {
      return new SlackEvent.Ignored("envelope type " + type);
    }
    if (!(body.getValue("event") instanceof JsonObject event)) {
      return new SlackEvent.Ignored("event_callback without an event");
    }
    String eventType = string(event, "type");
    if (!"app_mention".equals(eventType) && !"message".equals(eventType)) {
      return new SlackEvent.Ignored("event type " + eventType);
    }
    if (event.getValue("bot_id") != null) {
      return new SlackEvent.Ignored("message from a bot");
    }
    String user = string(event, "user");
    if (bot.userId().equals(user)) {
      return new SlackEvent.Ignored("the bot's own message");
    }
    // A shared file is a message like any other (its text is the comment); other subtypes are edits,
    // joins and the like.
    if (event.getValue("subtype") != null && !"file_share".equals(event.getValue("subtype"))) {
      return new SlackEvent.Ignored("subtype " + event.getValue("subtype"));
    }
    if (Boolean.TRUE.equals(event.getValue("hidden"))) {
      return new SlackEvent.Ignored("hidden message");
    }
    boolean direct = "message".equals(eventType) && "im".equals(string(event, "channel_type"));
    String text = string(event, "text");
    if (text == null && SlackFiles.first(event) != null) {
      text = "";
    }
    if ("message".equals(eventType) && !direct) {
      return new SlackEvent.Ignored(text != null && text.contains(mention)
          ? "channel message mentioning the bot (answered as app_mention)"
          : "channel message not addressed to the bot");
    }
    return message(body, event, user, text, direct);
  }

  private SlackEvent message(JsonObject body, JsonObject event, String user, String text, boolean direct) {
    String eventId = string(body, "event_id");
    String channel = string(event, "channel");
    String ts = string(event, "ts");
    if (eventId == null || channel == null || ts == null || user == null || text == null) {
      return new SlackEvent.Ignored("incomplete event (event_id, channel, ts, user and text are required)");
    }
    long receivedAt;
    try {
      receivedAt = new BigDecimal(ts).movePointRight(3).longValue();
    } catch (NumberFormatException e) {
      return new SlackEvent.Ignored("malformed ts " + ts);
    }
    String cleaned = unescape(leadingMention.matcher(text).replaceFirst("")).strip();
    MediaRef media = SlackFiles.first(event);
    if (cleaned.isEmpty() && media == null) {
      return new SlackEvent.Ignored("no text besides the mention");
    }
    String threadTs = string(event, "thread_ts");
    String threadId = direct ? threadTs : (threadTs != null ? threadTs : ts);
    // Slack omits names from events; looking them up needs users:read, which the bot does not ask for.
    InboundMessage message = new InboundMessage(CHANNEL + ":" + eventId, CHANNEL, string(body, "team_id"), channel,
        direct ? ChatType.DM : ChatType.GROUP, user, null, threadId, cleaned, receivedAt, null, media);
    return new SlackEvent.Message(message, CHANNEL + ":" + channel + ":" + ts);
  }

  /** Slack escapes exactly these three in message text; the model should see the characters. */
  private static String unescape(String text) {
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static String string(JsonObject json, String key) {
    return json.getValue(key) instanceof String value ? value : null;
  }
}

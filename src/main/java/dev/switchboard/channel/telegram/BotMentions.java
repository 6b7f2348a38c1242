package dev.switchboard.channel.telegram;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds where a message's entities address the bot and removes those spans from the text, so that
 * the model reads "what is 2+2" rather than "@switchboard_bot what is 2+2". Entity offsets and lengths
 * are UTF-16 code units, which is exactly what Java's {@code String} indexes.
 *
 * <p>Addressing entities: a {@code mention} of {@code @username}, a {@code text_mention} of the bot's
 * user id, and a {@code bot_command} ending in {@code @username} (whose suffix is removed, keeping
 * {@code /command}). A command for another bot ({@code /help@other_bot}) is never for this one.
 */
final class BotMentions {

  private final BotIdentity bot;

  BotMentions(BotIdentity bot) {
    this.bot = bot;
  }

  /**
   * @param addressed whether an entity addresses the bot
   * @param text      the text without the spans that address it, whitespace tidied
   */
  record Scan(boolean addressed, String text) {
  }

  Scan scan(String text, JsonArray entities) {
    List<int[]> spans = new ArrayList<>();
    boolean commandForAnotherBot = false;
    for (int i = 0; i < (entities == null ? 0 : entities.size()); i++) {
      if (!(entities.getValue(i) instanceof JsonObject entity)) {
        continue;
      }
      int offset = entity.getInteger("offset", -1);
      int length = entity.getInteger("length", -1);
      if (offset < 0 || length <= 0 || offset + length > text.length()) {
        continue;
      }
      String covered = text.substring(offset, offset + length);
      switch (entity.getString("type", "")) {
        case "mention" -> {
          if (covered.equalsIgnoreCase("@" + bot.username())) {
            spans.add(new int[] {offset, offset + length});
          }
        }
        case "text_mention" -> {
          if (isBot(entity.getJsonObject("user"))) {
            spans.add(new int[] {offset, offset + length});
          }
        }
        case "bot_command" -> {
          int at = covered.indexOf('@');
          if (at > 0 && covered.substring(at + 1).equalsIgnoreCase(bot.username())) {
            spans.add(new int[] {offset + at, offset + length});
          } else if (at > 0) {
            commandForAnotherBot = true;
          }
        }
        default -> {
          // other entities (bold, url, hashtag…) neither address the bot nor change the text
        }
      }
    }
    return new Scan(!spans.isEmpty() && !commandForAnotherBot, without(text, spans));
  }

  private boolean isBot(JsonObject user) {
    return user != null && user.getValue("id") instanceof Number id && id.longValue() == bot.id();
  }

  private static String without(String text, List<int[]> spans) {
    if (spans.isEmpty()) {
      return text.strip();
    }
    spans.sort(Comparator.comparingInt((int[] span) -> span[0]));
    StringBuilder result = new StringBuilder();
    int kept = 0;
    for (int[] span : spans) {
      // a client may tag the same "@bot" twice (bot_command and mention): overlaps are cut once
      if (span[1] > kept) {
        result.append(text, kept, Math.max(kept, span[0]));
        kept = span[1];
      }
    }
    result.append(text, kept, text.length());
    String stripped = result.toString().replaceAll("[ \\t]{2,}", " ");
    // "@bot, what is…" reads as "what is…" once the name is gone
    return (spans.get(0)[0] == 0 ? stripped.replaceFirst("^[\\s,:;]+", "") : stripped).strip();
  }
}

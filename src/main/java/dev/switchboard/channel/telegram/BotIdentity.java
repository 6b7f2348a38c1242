package dev.switchboard.channel.telegram;

import io.vertx.core.json.JsonObject;

/**
 * Who the bot is, as {@code getMe} says: needed to recognise mentions of it, replies to it and its
 * own messages.
 *
 * @param id       the bot's user id, also the channel's account id
 * @param username without the leading {@code @}
 */
public record BotIdentity(long id, String username) {

  /** Reads a {@code getMe} result (a Bot API {@code User}). */
  public static BotIdentity fromUser(JsonObject user) {
    Object id = user.getValue("id");
    Object username = user.getValue("username");
    if (!(id instanceof Number number) || !(username instanceof String name) || name.isEmpty()) {
      throw new IllegalArgumentException("getMe returned no bot id and username");
    }
    return new BotIdentity(number.longValue(), name);
  }

  /** The account id on the bus: the bot id as a string. */
  public String accountId() {
    return Long.toString(id);
  }
}

package dev.switchboard.channel.slack;

import io.vertx.core.json.JsonObject;

/**
 * Who the bot is in its workspace, as {@code auth.test} reports it: needed to recognise mentions
 * ({@code <@userId>}) and the bot's own messages.
 *
 * @param userId the bot's user id ({@code U…}), the one mentions carry
 * @param botId  the bot id ({@code B…}) its own messages carry as {@code bot_id}, or null
 * @param teamId the workspace ({@code T…})
 * @param team   the workspace's name, for logs and doctor
 */
public record SlackIdentity(String userId, String botId, String teamId, String team) {

  /** Reads a successful {@code auth.test} answer; null fields stay null. */
  public static SlackIdentity fromAuthTest(JsonObject answer) {
    return new SlackIdentity(answer.getString("user_id"), answer.getString("bot_id"), answer.getString("team_id"),
        answer.getString("team"));
  }
}

package dev.switchboard.store;

/**
 * A chat some user wrote in, as the {@link ChatDirectory} remembers it: where sends to it go from,
 * which session it belongs to, and when its user last wrote (WhatsApp's 24-hour window runs from that).
 *
 * @param accountId     the bot or business number the user wrote to (WhatsApp phone_number_id…)
 * @param threadId      a Slack thread or Telegram topic, or null
 * @param sessionKey    the conversation's key (see {@code SessionKeys})
 * @param lastInboundAt when the user's last accepted message was sent, epoch milliseconds
 */
public record KnownChat(String channel, String accountId, String chatId, String threadId, String sessionKey,
                        long lastInboundAt) {
}

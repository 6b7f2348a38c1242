package dev.switchboard.store;

/**
 * One piece of a reply, as stored in the {@link Outbox}: the text to send and where to send it.
 *
 * @param id        the store's id, for {@link Outbox#markSent} and {@link Outbox#markFailed}
 * @param inboundId the message this replies to
 * @param sequence  the chunk's place in its reply, from 0
 * @param threadId  a Slack thread or Telegram topic, or null
 * @param template  for a template message (WhatsApp), the template object as JSON text, else null;
 *                  {@code text} then says which template it is, for logs and listeners
 */
public record OutboxChunk(long id, String inboundId, String channel, int sequence, String text,
                          String accountId, String chatId, String threadId, String template) {

  /** The chat a chunk goes to, as one value: the chunks of one chat are sent in order, by one node at a time. */
  public static String chatKey(String channel, String accountId, String chatId, String threadId) {
    return channel + '\n' + (accountId == null ? "" : accountId) + '\n' + chatId + '\n' + (threadId == null ? "" : threadId);
  }
}

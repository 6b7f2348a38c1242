package dev.switchboard.store;

/**
 * A chunk the platform accepted, found again by the id the platform gave it (so that a later
 * failure status can name what failed).
 *
 * @param origin the reply's inbound message id, or the send's id
 */
public record SentChunk(String origin, String channel, String chatId, int sequence) {
}

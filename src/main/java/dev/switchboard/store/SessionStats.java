package dev.switchboard.store;

/**
 * How big a session's history is, for {@code /status}.
 *
 * @param messages   messages kept (user and assistant)
 * @param characters their text's length, in characters
 * @param updatedAt  the last change to the session, epoch milliseconds; 0 for a session never seen
 */
public record SessionStats(int messages, long characters, long updatedAt) {
}

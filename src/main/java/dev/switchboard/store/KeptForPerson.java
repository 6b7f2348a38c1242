package dev.switchboard.store;

/**
 * A turn kept its messages for the person who has the session: answered, with no reply from the bot,
 * only if the mode is still as the turn read it. An operator who handed the session back meanwhile gave
 * the chat to the bot, and the bot answers them (DESIGN.md §14).
 *
 * @param seenVersion {@link HandoverState#version} of the human mode the turn read
 */
public record KeptForPerson(long seenVersion) implements HandoverDecision {
}

package dev.switchboard.store;

/**
 * What a claimed turn decided about its session's handover from the mode it read, which its answer
 * holds to only as far as that mode still stands (DESIGN.md §14): a change of mode ({@link ModeChange}),
 * its messages kept for the person who has the session ({@link KeptForPerson}), or the bot's answer to
 * them ({@link BotAnswer}).
 */
public sealed interface HandoverDecision permits ModeChange, KeptForPerson, BotAnswer {
}

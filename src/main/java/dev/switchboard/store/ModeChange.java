package dev.switchboard.store;

import dev.switchboard.bus.SessionMode;

/**
 * A change of a session's mode that a turn decided on from the mode it read: stored only if the mode
 * is still at the version the turn read, so that a change an operator made meanwhile stands (DESIGN.md §14).
 *
 * @param seenVersion {@link HandoverState#version} of the mode the turn read, or {@link HandoverModes#UNSET}
 *                    when none was stored
 */
public record ModeChange(SessionMode mode, long seenVersion) implements HandoverDecision {
}

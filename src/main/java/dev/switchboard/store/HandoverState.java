package dev.switchboard.store;

import dev.switchboard.bus.SessionMode;

/**
 * A session's stored mode.
 *
 * @param changedAt when the mode was last set, epoch milliseconds
 * @param activeAt  the last operator activity (the handover itself, or a message an operator sent)
 * @param version   counts the changes of mode (not operator activity): what a change made from this
 *                  state is conditional on ({@link HandoverModes#setIfUnchanged})
 */
public record HandoverState(String sessionKey, SessionMode mode, long changedAt, long activeAt, long version) {
}

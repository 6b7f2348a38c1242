package dev.switchboard.store;

import dev.switchboard.bus.SessionMode;

/**
 * A session's stored mode.
 *
 * @param changedAt when the mode was last set, epoch milliseconds
 * @param activeAt  the last operator activity (the handover itself, or a message an operator sent)
 * @param version   moves with every change of mode and every operator activity, from the time in
 *                  milliseconds at which the row was stored: what a change made from this state is
 *                  conditional on ({@link HandoverModes#setIfUnchanged})
 */
public record HandoverState(String sessionKey, SessionMode mode, long changedAt, long activeAt, long version) {
}

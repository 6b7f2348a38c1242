package dev.switchboard.model;

import dev.switchboard.bus.Usage;
/** A backend's answer reduced to what a user may see: final text only, reasoning already dropped. */
public record ModelReply(String text, Usage usage) {
}

package dev.switchboard.model;

import dev.switchboard.bus.Usage;
/** What a backend answered, its reasoning items already left out by the API adapter, before {@link FinalText}. */
record BackendText(String text, Usage usage) {
}

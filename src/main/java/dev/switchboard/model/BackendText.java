package dev.switchboard.model;

/** What a backend answered, its reasoning items already left out by the API adapter, before {@link FinalText}. */
record BackendText(String text, Usage usage) {
}

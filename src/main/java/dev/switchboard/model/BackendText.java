package dev.switchboard.model;

/** What a backend answered, its reasoning already left out by the API adapter, before {@link FinalText}. */
record BackendText(String text, Usage usage) {

  ModelReply toReply() {
    return FinalText.reply(text, usage);
  }
}

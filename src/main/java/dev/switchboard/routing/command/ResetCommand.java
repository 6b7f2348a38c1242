package dev.switchboard.routing.command;

import dev.switchboard.store.SessionHistory;
import io.vertx.core.Future;

import java.util.List;

/** {@code /new} and {@code /reset}: forget the conversation. A chosen model stays chosen. */
final class ResetCommand implements SlashCommand {

  static final String REPLY = "New conversation started: I have forgotten the earlier messages.";

  private final SessionHistory history;

  ResetCommand(SessionHistory history) {
    this.history = history;
  }

  @Override
  public List<String> names() {
    return List.of("new", "reset");
  }

  @Override
  public String usage() {
    return "/new or /reset: start a new conversation";
  }

  @Override
  public Future<String> run(String sessionKey, String argument) {
    return history.clear(sessionKey).map(cleared -> REPLY);
  }
}

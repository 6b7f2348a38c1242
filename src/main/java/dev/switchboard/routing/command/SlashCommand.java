package dev.switchboard.routing.command;

import io.vertx.core.Future;

import java.util.List;

/** One chat command: what a user types after the slash, and what the bridge answers. */
public interface SlashCommand {

  /** The names it answers to, lower case, without the slash. */
  List<String> names();

  /** One line for {@code /help}. */
  String usage();

  /**
   * Does what the command says for the session and returns the reply text.
   *
   * @param argument what followed the command name, trimmed; empty when nothing did
   */
  Future<String> run(String sessionKey, String argument);

  /** As {@link #run(String, String)}, for a command whose answer depends on who asked. */
  default Future<String> run(String sessionKey, String argument, CommandCaller caller) {
    return run(sessionKey, argument);
  }
}

package dev.switchboard.routing.command;

import io.vertx.core.Future;

import java.util.List;

/** {@code /help}: the commands, one line each. */
final class HelpCommand implements SlashCommand {

  private final String reply;

  HelpCommand(List<SlashCommand> others) {
    StringBuilder text = new StringBuilder("Commands:");
    others.forEach(command -> text.append('\n').append(command.usage()));
    text.append('\n').append(usage()).append("\nAnything else goes to the model.");
    this.reply = text.toString();
  }

  @Override
  public List<String> names() {
    return List.of("help");
  }

  @Override
  public String usage() {
    return "/help: this list";
  }

  @Override
  public Future<String> run(String sessionKey, String argument) {
    return Future.succeededFuture(reply);
  }
}

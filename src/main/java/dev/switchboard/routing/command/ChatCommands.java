package dev.switchboard.routing.command;

import dev.switchboard.config.CommandsConfig;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.routing.ModelChain;
import dev.switchboard.store.SessionHistory;
import dev.switchboard.store.SessionPreferences;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat commands ({@code /new}, {@code /reset}, {@code /status}, {@code /model}, {@code /help}):
 * recognised in a message before any model sees it, answered by the bridge, never kept in the history.
 * A slash word that is not one of them is ordinary text for the model: people type slashes.
 */
public final class ChatCommands {

  /** {@code /name}, optionally addressed as Telegram does ({@code /name@somebot}), then the argument. */
  private static final Pattern COMMAND = Pattern.compile("/([A-Za-z]\\w*)(?:@\\S*)?(?:\\s+(.*))?", Pattern.DOTALL);

  /** A recognised command and its argument, to run when the session's turn comes. */
  public record Invocation(SlashCommand command, String argument, CommandCaller caller) {

    public Future<String> run(String sessionKey) {
      return command.run(sessionKey, argument, caller);
    }
  }

  private final Map<String, SlashCommand> byName = new LinkedHashMap<>();

  /**
   * @param access who may choose which model with {@code /model}
   * @param modes  what {@code /status} says about a session's mode ({@code bot}, or human since when)
   */
  public ChatCommands(ModelCatalog catalog, ModelChain chain, SessionHistory history, SessionPreferences preferences,
                      CommandsConfig access, Function<String, Future<String>> modes) {
    List<SlashCommand> commands = new ArrayList<>(List.of(new ResetCommand(history),
        new StatusCommand(catalog, chain, history, preferences, modes), new ModelCommand(catalog, preferences, access)));
    commands.add(new HelpCommand(List.copyOf(commands)));
    commands.forEach(command -> command.names().forEach(name -> byName.put(name, command)));
  }

  /** The command a program's {@code text} invokes, or empty when the text is a message for the model. */
  public Optional<Invocation> recognise(String text) {
    return recognise(text, CommandCaller.PROGRAM);
  }

  /** The command {@code text} from {@code caller} invokes, or empty when the text is a message for the model. */
  public Optional<Invocation> recognise(String text, CommandCaller caller) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher matcher = COMMAND.matcher(text.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    SlashCommand command = byName.get(matcher.group(1).toLowerCase());
    String argument = matcher.group(2) == null ? "" : matcher.group(2).strip();
    return Optional.ofNullable(command).map(found -> new Invocation(found, argument, caller));
  }
}

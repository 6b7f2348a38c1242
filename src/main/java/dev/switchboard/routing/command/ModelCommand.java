package dev.switchboard.routing.command;

import dev.switchboard.config.CommandsConfig;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.store.SessionPreferences;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /model <alias|ref>}: one model for the session, strict as in OpenClaw (it never falls back,
 * so a user who picked a local model is never answered by a hosted one). {@code /model default} goes
 * back to the configured chain; {@code /model} alone shows the choice. The canonical ref is stored, so
 * the choice survives an alias being renamed.
 *
 * <p>Choosing a model changes cost and routing, so on a chat platform only {@code commands.operators}
 * may choose any model; others may choose among {@code commands.allowedModels}, if any. Looking at the
 * choice and going back to the chain stay open to everyone.
 */
final class ModelCommand implements SlashCommand {

  static final String DEFAULT = "default";

  private final ModelCatalog catalog;
  private final SessionPreferences preferences;
  private final CommandsConfig access;

  ModelCommand(ModelCatalog catalog, SessionPreferences preferences, CommandsConfig access) {
    this.catalog = catalog;
    this.preferences = preferences;
    this.access = access;
  }

  @Override
  public List<String> names() {
    return List.of("model");
  }

  @Override
  public String usage() {
    return "/model <alias|ref>: answer with that model only (no fallback); /model default: back to the chain;"
        + " /model: the current choice";
  }

  @Override
  public Future<String> run(String sessionKey, String argument) {
    return run(sessionKey, argument, CommandCaller.PROGRAM);
  }

  @Override
  public Future<String> run(String sessionKey, String argument, CommandCaller caller) {
    if (argument.isEmpty()) {
      return preferences.model(sessionKey).map(this::current);
    }
    if (argument.equalsIgnoreCase(DEFAULT)) {
      return preferences.setModel(sessionKey, null).map(cleared -> "Back to the default chain: " + chain() + ".");
    }
    Optional<ResolvedModel> chosen = catalog.resolve(argument);
    if (chosen.isEmpty()) {
      return Future.succeededFuture("Unknown model \"" + argument + "\". " + known());
    }
    ResolvedModel model = chosen.get();
    if (!mayChoose(caller, model)) {
      return Future.succeededFuture(refusal());
    }
    if (!model.available()) {
      return Future.succeededFuture(model.ref() + " cannot be used: " + model.provider().unavailableReason() + ".");
    }
    return preferences.setModel(sessionKey, model.ref().toString()).map(set -> "This conversation now uses "
        + model.ref() + " only, without fallback. /model default goes back to the chain.");
  }

  private boolean mayChoose(CommandCaller caller, ResolvedModel model) {
    return caller.isProgram() || access.isOperator(caller.channel(), caller.senderId())
        || access.allowedModels().contains(model.ref());
  }

  private String refusal() {
    if (access.allowedModels().isEmpty()) {
      return "Only an operator can choose the model here. /model default goes back to the chain.";
    }
    return "You can choose " + access.allowedModels().stream().map(ModelRef::toString).sorted()
        .collect(Collectors.joining(", ")) + "; other models only an operator can choose.";
  }

  private String current(String stored) {
    if (stored == null) {
      return "Model: the default chain (" + chain() + "). /model <alias|ref> picks one model for this conversation.";
    }
    return "Model: " + stored + ", chosen for this conversation (no fallback). /model default goes back to the chain.";
  }

  private String chain() {
    return catalog.agent().chain().stream().map(ModelRef::toString).collect(Collectors.joining(", then "));
  }

  private String known() {
    List<String> aliases = catalog.agent().aliases().keySet().stream().sorted().toList();
    return aliases.isEmpty()
        ? "Use a provider/model ref, such as " + catalog.agent().primary() + "."
        : "Aliases: " + String.join(", ", aliases) + "; a provider/model ref works too.";
  }
}

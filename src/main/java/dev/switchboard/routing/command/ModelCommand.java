package dev.switchboard.routing.command;

import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ModelRef;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.routing.SessionPreferences;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /model <alias|ref>}: one model for the session, strict as in OpenClaw (it never falls back,
 * so a user who picked a local model is never answered by a hosted one). {@code /model default} goes
 * back to the configured chain; {@code /model} alone shows the choice. The canonical ref is stored, so
 * the choice survives an alias being renamed.
 */
final class ModelCommand implements SlashCommand {

  static final String DEFAULT = "default";

  private final ModelCatalog catalog;
  private final SessionPreferences preferences;

  ModelCommand(ModelCatalog catalog, SessionPreferences preferences) {
    this.catalog = catalog;
    this.preferences = preferences;
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
    if (!model.available()) {
      return Future.succeededFuture(model.ref() + " cannot be used: " + model.provider().unavailableReason() + ".");
    }
    return preferences.setModel(sessionKey, model.ref().toString()).map(set -> "This conversation now uses "
        + model.ref() + " only, without fallback. /model default goes back to the chain.");
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

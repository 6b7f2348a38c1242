package dev.switchboard.routing.command;

import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.routing.ContextBudget;
import dev.switchboard.routing.ModelChain;
import dev.switchboard.routing.ModelStatus;
import dev.switchboard.store.SessionHistory;
import dev.switchboard.store.SessionPreferences;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /status}: each model of the chain with its breaker state (and why, and until when), the
 * session's chosen model if any, the session's size in messages and estimated tokens, and whether the
 * bot or a person answers it.
 */
final class StatusCommand implements SlashCommand {

  private final ModelCatalog catalog;
  private final ModelChain chain;
  private final SessionHistory history;
  private final SessionPreferences preferences;
  private final Function<String, Future<String>> modes;

  StatusCommand(ModelCatalog catalog, ModelChain chain, SessionHistory history, SessionPreferences preferences,
                Function<String, Future<String>> modes) {
    this.catalog = catalog;
    this.chain = chain;
    this.history = history;
    this.preferences = preferences;
    this.modes = modes;
  }

  @Override
  public List<String> names() {
    return List.of("status");
  }

  @Override
  public String usage() {
    return "/status: the models and their state, this conversation's model and size";
  }

  @Override
  public Future<String> run(String sessionKey, String argument) {
    Future<String> chosen = preferences.model(sessionKey);
    Future<List<ChatMessage>> messages = history.load(sessionKey);
    Future<String> mode = modes.apply(sessionKey);
    return Future.all(chosen, messages, mode).map(loaded -> {
      StringBuilder text = new StringBuilder("Models:");
      List<ModelStatus> models = chain.status();
      for (int i = 0; i < models.size(); i++) {
        text.append('\n').append(i + 1).append(". ").append(describe(models.get(i)));
        appendServers(text, models.get(i));
      }
      text.append("\nThis conversation's model: ").append(sessionModel(chosen.result()));
      long tokens = ContextBudget.estimatedTokens(new ModelRequest(catalog.agent().systemPrompt(), messages.result(), 0));
      text.append("\nThis conversation: ").append(messages.result().size()).append(" messages, about ")
          .append(tokens).append(" tokens");
      text.append("\nThis conversation's mode: ").append(mode.result());
      return text.toString();
    });
  }

  private String sessionModel(String stored) {
    if (stored == null) {
      return "the default chain";
    }
    Optional<ResolvedModel> model = catalog.resolve(stored);
    return model.isEmpty()
        ? stored + " (no longer configured: the default chain answers)"
        : describe(chain.status(model.get())) + ", chosen with /model (no fallback)";
  }

  /** A model served by several servers ({@code baseUrls}): one line each, its breaker and load. */
  private static void appendServers(StringBuilder text, ModelStatus status) {
    if (status.servers() == null || status.servers().size() < 2) {
      return;
    }
    for (int i = 0; i < status.servers().size(); i++) {
      JsonObject server = status.servers().getJsonObject(i);
      text.append("\n   - ").append(server.getString("url")).append(": ").append(server.getString("breaker"))
          .append(", ").append(server.getInteger("inFlight")).append('/').append(server.getInteger("maxConnections"))
          .append(" in flight, ").append(server.getInteger("queued")).append(" waiting");
      if (server.getString("lastError") != null) {
        text.append(", last error: ").append(server.getString("lastError"));
      }
    }
  }

  /** {@code ref: state (reason) until time}, the parts that apply. */
  static String describe(ModelStatus status) {
    StringBuilder text = new StringBuilder(status.model()).append(": ").append(status.state().wireName());
    if (status.reason() != null) {
      text.append(" (").append(status.reason()).append(')');
    }
    if (status.until() != null) {
      text.append(" until ").append(Instant.ofEpochMilli(status.until()).truncatedTo(ChronoUnit.SECONDS));
    }
    return text.toString();
  }
}

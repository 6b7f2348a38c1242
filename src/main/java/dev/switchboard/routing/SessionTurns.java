package dev.switchboard.routing;

import dev.switchboard.bus.ChatMessage;
import dev.switchboard.bus.ImageInput;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.model.ModelRequest;
import dev.switchboard.store.SessionHistory;
import dev.switchboard.store.SessionPreferences;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns of a kept conversation: the session's history and {@code /model} choice are loaded, the chain
 * answers, and the answered turn is kept. Callers run one session's turns one at a time (its lane).
 */
final class SessionTurns {

  private static final Logger LOG = LoggerFactory.getLogger(SessionTurns.class);

  private final ModelCatalog catalog;
  private final ModelChain chain;
  private final SessionHistory history;
  private final SessionPreferences preferences;

  SessionTurns(ModelCatalog catalog, ModelChain chain, SessionHistory history, SessionPreferences preferences) {
    this.catalog = catalog;
    this.chain = chain;
    this.history = history;
    this.preferences = preferences;
  }

  /**
   * One turn, with the model the request named, else the session's {@code /model} choice, else the
   * chain. The history changes only when a model answered.
   */
  Future<ChainReply> run(String key, String text, List<ImageInput> images, String instructions,
                         ResolvedModel requested, VisiblePieces visibleText) {
    return run(history, key, text, images, instructions, requested, visibleText);
  }

  /**
   * As {@link #run(String, String, List, String, ResolvedModel, VisiblePieces)}, the turn read from and kept
   * in {@code keptIn}: a claimed turn's {@link TurnHistory}, committed only with the turn's answer.
   */
  Future<ChainReply> run(SessionHistory keptIn, String key, String text, List<ImageInput> images, String instructions,
                         ResolvedModel requested, VisiblePieces visibleText) {
    Future<ResolvedModel> model = requested != null
        ? Future.succeededFuture(requested)
        : preferences.model(key).map(chosen -> sessionModel(key, chosen));
    Future<List<ChatMessage>> past = keptIn.load(key);
    return Future.all(model, past).compose(loaded -> {
      List<ChatMessage> messages = new ArrayList<>(past.result());
      messages.add(ChatMessage.user(text, images));
      ModelRequest request = chain.request(instructions, messages);
      return chain.run(request, model.result(), visibleText).compose(reply -> save(keptIn, key, request, reply));
    });
  }

  /**
   * Keeps the answered turn: its question (the last message sent, which compaction always keeps) and
   * the answer are appended to the history; when the chain compacted the conversation for the model
   * that answered, the compacted conversation replaces the history the turn read, with the turn
   * after it in the same write ({@link SessionHistory#compact}), so that the
   * next turn starts from the summary instead of summarising again. Images are kept as their text
   * form only.
   */
  private Future<ChainReply> save(SessionHistory keptIn, String key, ModelRequest request, ChainReply reply) {
    List<ChatMessage> sent = reply.sent().messages();
    List<ChatMessage> turn = List.of(sent.get(sent.size() - 1).forHistory(), ChatMessage.assistant(reply.text()));
    Future<Void> saved;
    if (sent.equals(request.messages())) {
      saved = keptIn.append(key, turn);
    } else {
      List<ChatMessage> compacted = sent.subList(0, sent.size() - 1).stream().map(ChatMessage::forHistory).toList();
      saved = keptIn.compact(key, compacted, turn);
    }
    return saved.transform(done -> {
      if (done.failed()) {
        LOG.warn("session {}: the turn was answered but not saved: {}", key, done.cause().getMessage());
      }
      return Future.succeededFuture(reply);
    });
  }

  /** The session's chosen model; null (the chain) when it chose none or its choice left the configuration. */
  private ResolvedModel sessionModel(String key, String chosen) {
    if (chosen == null) {
      return null;
    }
    Optional<ResolvedModel> model = catalog.resolve(chosen);
    if (model.isEmpty()) {
      LOG.warn("session {}: its model {} is no longer configured; the chain answers", key, chosen);
    }
    return model.orElse(null);
  }
}

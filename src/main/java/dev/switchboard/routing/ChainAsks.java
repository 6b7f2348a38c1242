package dev.switchboard.routing;

import dev.switchboard.bus.AnswerPiece;
import dev.switchboard.bus.AskFailure;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.bus.ChatMessage;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ResolvedModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Asks answered by one chain: which model an ask names (the chain, or one model that never falls
 * back), its instructions, and, for an ask without a session, the whole turn. The router answers
 * {@code switchboard.ask} with it ({@link AskTurns}); each gateway instance answers {@code /v1} with
 * one of its own, on its own event loop (DESIGN §10.0). Confined to its chain's context.
 */
public final class ChainAsks {

  /** Model names that mean "the configured chain" rather than one model. */
  private static final Set<String> CHAIN_NAMES = Set.of("switchboard", "default");

  private final Vertx vertx;
  private final ModelCatalog catalog;
  private final ModelChain chain;

  public ChainAsks(Vertx vertx, ModelCatalog catalog, ModelChain chain) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.chain = chain;
  }

  /**
   * A stateless ask (no session) answered as {@code switchboard.ask} answers it: the reply, or a
   * failure as the bus gives it, a {@link ReplyException} whose code is an {@link AskFailure}'s.
   *
   * @param pieces where the answer's text goes as it is written, in order; null when not streamed
   */
  public Future<AskReply> answer(AskRequest ask, Consumer<AnswerPiece> pieces) {
    Future<AskReply> answered;
    try {
      answered = run(ask, model(ask).orElse(null), pieces == null ? null : piecesTo(pieces));
    } catch (RuntimeException refused) {
      // An unknown model, or anything else thrown before the turn started: answered as the bus answers it.
      answered = Future.failedFuture(refused);
    }
    return answered.recover(failure -> {
      ChainException chainFailure = ChainException.of(failure);
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          chainFailure.failure().failureCode(), chainFailure.getMessage()));
    });
  }

  /** A stateless turn with {@code model} (null: the chain); failures are {@link ChainException}s. */
  Future<AskReply> run(AskRequest ask, ResolvedModel model, VisiblePieces visibleText) {
    return chain.run(chain.request(instructions(ask), messages(ask)), model, visibleText)
        .map(ChainAsks::reply);
  }

  /** The one model the ask names; empty for the chain. Throws {@link AskFailure#UNKNOWN_MODEL} for a name nobody knows. */
  Optional<ResolvedModel> model(AskRequest ask) {
    if (ask.model() == null || CHAIN_NAMES.contains(ask.model().trim().toLowerCase())) {
      return Optional.empty();
    }
    Optional<ResolvedModel> named = catalog.resolve(ask.model());
    if (named.isEmpty()) {
      throw new ChainException(AskFailure.UNKNOWN_MODEL, unknownModel(ask.model()));
    }
    return named;
  }

  /** The ask's own instructions, else the agent's system prompt. */
  String instructions(AskRequest ask) {
    return ask.instructions() != null ? ask.instructions() : catalog.agent().systemPrompt();
  }

  /** Where the answer's text goes as it is written: the ask's {@code streamTo} address, if it names one. */
  VisiblePieces visiblePieces(AskRequest ask) {
    return ask.streamTo() == null ? null : piecesTo(piece -> vertx.eventBus().send(ask.streamTo(), piece.toJson()));
  }

  private static VisiblePieces piecesTo(Consumer<AnswerPiece> pieces) {
    return (piece, writer, fallbackFrom) ->
        pieces.accept(new AnswerPiece(piece, writer.toString(), Objects.toString(fallbackFrom, null)));
  }

  static AskReply reply(ChainReply reply) {
    return new AskReply(reply.text(), reply.model().toString(),
        reply.fallbackFrom() == null ? null : reply.fallbackFrom().toString(), reply.usage());
  }

  private static List<ChatMessage> messages(AskRequest ask) {
    List<ChatMessage> messages = new ArrayList<>(ask.messages());
    if (ask.text() != null && !ask.text().isBlank()) {
      messages.add(ChatMessage.user(ask.text()));
    }
    return messages;
  }

  private String unknownModel(String requested) {
    String known = catalog.all().stream().map(model -> model.ref().toString()).sorted()
        .collect(Collectors.joining(", "));
    String aliases = catalog.agent().aliases().keySet().stream().sorted().collect(Collectors.joining(", "));
    return "unknown model '" + requested + "'; known models: " + known
        + (aliases.isEmpty() ? "" : "; aliases: " + aliases);
  }
}

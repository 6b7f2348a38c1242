package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.AskFailure;
import dev.switchboard.bus.AskReply;
import dev.switchboard.bus.AskRequest;
import dev.switchboard.bus.Usage;
import dev.switchboard.config.ModelCatalog;
import dev.switchboard.config.ResolvedModel;
import dev.switchboard.lanes.Lanes;
import dev.switchboard.routing.command.ChatCommands;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@link Addresses#ASK}: other applications' questions. Without a session, a stateless call of the
 * chain (or of the model named); with one, a turn of that kept conversation in its place in the
 * session's order, where a chat command is run as in a chat. Failures go back as the bus's failure
 * codes ({@link AskFailure}). Confined to the router's context. It keeps the asks it has not
 * answered yet, so that a node stopping waits for those it had taken ({@link #answeredSoFar()}):
 * another application on the bus gets its answer rather than none. ({@code /v1} is answered by the
 * gateway instance that took it, and the port closes only once its responses are written.)
 */
final class AskTurns {

  private static final Logger LOG = LoggerFactory.getLogger(AskTurns.class);

  private final Vertx vertx;
  private final ChainAsks chainAsks;
  private final SessionTurns sessionTurns;
  private final ChatCommands commands;
  private final Lanes lanes;
  /** The number the next ask is given: asks are numbered as they are taken. */
  private long nextAsk;
  /** The numbers of the asks taken and not answered yet, lowest first. */
  private final TreeSet<Long> unanswered = new TreeSet<>();
  private final List<AnsweredBefore> awaiting = new ArrayList<>();

  /** A wait for every ask numbered below {@code mark} to be answered. */
  private record AnsweredBefore(long mark, Promise<Void> done) {
  }

  AskTurns(Vertx vertx, ModelCatalog catalog, ModelChain chain, SessionTurns sessionTurns, ChatCommands commands,
           Lanes lanes) {
    this.vertx = vertx;
    this.chainAsks = new ChainAsks(vertx, catalog, chain);
    this.sessionTurns = sessionTurns;
    this.commands = commands;
    this.lanes = lanes;
  }

  void handle(Message<Object> message) {
    AskRequest ask;
    try {
      ask = AskRequest.fromJson(message.body() instanceof JsonObject json ? json : null);
    } catch (IllegalArgumentException e) {
      message.fail(AskFailure.INVALID_REQUEST.failureCode(), e.getMessage());
      return;
    }
    boolean sessionTurn = ask.messages().isEmpty() && ask.session() != null;
    Optional<ChatCommands.Invocation> command = sessionTurn ? commands.recognise(ask.text()) : Optional.empty();
    if (command.isPresent()) {
      counted(lanes.run(ask.session(), () -> command.get().run(ask.session()))).onComplete(outcome -> {
        if (outcome.succeeded()) {
          message.reply(new AskReply(outcome.result(), null, null, Usage.NONE).toJson());
        } else {
          LOG.warn("session {}: command failed: {}", ask.session(), outcome.cause().getMessage());
          message.fail(AskFailure.UNAVAILABLE.failureCode(), "the command failed: " + outcome.cause().getMessage());
        }
      });
      return;
    }
    ResolvedModel model;
    try {
      model = chainAsks.model(ask).orElse(null);
    } catch (ChainException unknown) {
      message.fail(unknown.failure().failureCode(), unknown.getMessage());
      return;
    }
    Future<AskReply> turn = counted(sessionTurn
        ? lanes.run(ask.session(), () -> sessionTurns.run(ask.session(), ask.text(), List.of(),
            chainAsks.instructions(ask), model, chainAsks.visiblePieces(ask))).map(ChainAsks::reply)
        : chainAsks.run(ask, model, chainAsks.visiblePieces(ask)));
    turn.onSuccess(reply -> message.reply(reply.toJson()))
        .onFailure(failure -> {
          ChainException chainFailure = ChainException.of(failure);
          message.fail(chainFailure.failure().failureCode(), chainFailure.getMessage());
        });
  }

  /**
   * Completes once every ask taken so far has been answered (at once when none is running). Asks
   * taken later are not waited for: while a node drains, callers may keep asking.
   */
  Future<Void> answeredSoFar() {
    AnsweredBefore wait = new AnsweredBefore(nextAsk, Promise.promise());
    if (allAnsweredBefore(wait.mark())) {
      return Future.succeededFuture();
    }
    awaiting.add(wait);
    return wait.done().future();
  }

  /** Counts the ask until {@code answer} completes; the reply is sent by the caller's handler, on this context. */
  private <T> Future<T> counted(Future<T> answer) {
    long number = nextAsk++;
    unanswered.add(number);
    return answer.andThen(done -> {
      unanswered.remove(number);
      if (awaiting.isEmpty()) {
        // No stop is waiting for the asks: the usual case, on every answer.
        return;
      }
      List<AnsweredBefore> settled = awaiting.stream().filter(wait -> allAnsweredBefore(wait.mark())).toList();
      if (!settled.isEmpty()) {
        awaiting.removeAll(settled);
        // After this handler returns: the reply is sent by the handler registered after this one.
        vertx.runOnContext(next -> settled.forEach(wait -> wait.done().complete()));
      }
    });
  }

  private boolean allAnsweredBefore(long mark) {
    return unanswered.isEmpty() || unanswered.first() >= mark;
  }

}

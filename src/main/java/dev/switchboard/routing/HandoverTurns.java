package dev.switchboard.routing;

import dev.switchboard.lanes.Lanes;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.routing.handover.Handover;
import dev.switchboard.routing.handover.Handover.Seen;
import dev.switchboard.store.BotAnswer;
import dev.switchboard.store.HandoverDecision;
import dev.switchboard.store.SessionHistory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The router's side of human handover (DESIGN §14), run in each session's lane: before a turn, a
 * session with a person keeps the messages for them, and a user asking for a person is handed over and
 * told so; messages operators sent join the history in turn. Either way no model runs, so the user saw
 * no "typing…" ({@link Addresses#answering}). After a model turn, its answer stands only if no person
 * took the session while the model worked. Without a {@link Handover} the bot answers everything.
 */
final class HandoverTurns {

  private static final Logger LOG = LoggerFactory.getLogger(HandoverTurns.class);

  private final Vertx vertx;
  private final Handover handover;
  private final SessionHistory history;

  /**
   * @param handover the sessions' modes, or null when the bridge does no handover (tests, one-shot commands)
   * @param history  the sessions' stored history, which one node's turns keep their answers in
   */
  HandoverTurns(Vertx vertx, Handover handover, SessionHistory history) {
    this.vertx = vertx;
    this.handover = handover;
    this.history = history;
  }

  /** What ({@code describe}) {@code /status} says about a session's mode. */
  Future<String> describe(String key) {
    return handover == null ? Future.succeededFuture("bot") : handover.describe(key);
  }

  /** Serves {@link Addresses#HANDOVER} and {@link Addresses#SESSION_NOTES}; none without a handover. */
  List<MessageConsumer<Object>> listen(Lanes lanes) {
    if (handover == null) {
      return List.of();
    }
    return List.of(vertx.eventBus().consumer(Addresses.HANDOVER, handover::onRequest),
        vertx.eventBus().consumer(Addresses.SESSION_NOTES, message -> note(lanes, message)));
  }

  /** True when a person has the session: the messages are theirs, and no reply is coming. */
  Future<Boolean> keptForHuman(String key, List<InboundMessage> batch) {
    return handover == null ? Future.succeededFuture(false) : handover.keepIfHuman(key, batch).map(Seen::human);
  }

  /**
   * As {@link #keptForHuman(String, List)} for a turn claimed from the shared inbox, whose messages ({@code said},
   * as read) are kept in {@code turnHistory} (see {@link #handled(String, List, SessionHistory, Consumer)}).
   */
  Future<Boolean> keptForHuman(String key, List<InboundMessage> said, SessionHistory turnHistory,
                               Consumer<ClaimedHandover> decided) {
    return handover == null ? Future.succeededFuture(false)
        : keepClaimed(key, said, turnHistory, decided).map(Seen::human);
  }

  /**
   * What a claimed turn decided about its session's handover, for the claim's answer to hold to: a user's
   * request for a person (the reply telling them so, and the human mode stored with it if no one changed
   * the mode since the turn read it), its messages kept for the person who has the session (no reply;
   * answered only if the mode is still as the turn read it), or the bot's answer to them (no reply here:
   * the model's, written only if no person took the session since the turn read its mode).
   */
  record ClaimedHandover(Reply told, HandoverDecision decision) {
  }

  /**
   * Answers a batch of one node's session: its messages are kept for the person who has the session, or
   * the user who asked for one is told so ({@code deliver} gets the message), or else {@code modelTurn}
   * answers them, keeping its turn in the history it is given. With a {@link Handover} that history is the
   * turn's own, stored only if no person took the session while the model worked, and the reply goes to
   * {@code deliver} only then; if one did, the messages are the person's (kept as a turn that read human
   * mode keeps them), and the reply goes to {@code withhold} instead.
   */
  Future<Void> answer(String key, List<InboundMessage> batch, Function<SessionHistory, Future<Reply>> modelTurn,
                      Consumer<Reply> deliver, Consumer<Reply> withhold) {
    if (handover == null) {
      return modelTurn.apply(history).map(reply -> {
        deliver.accept(reply);
        return null;
      });
    }
    return botAnswers(key, batch, () -> handover.keepIfHuman(key, batch), seen -> handover.handOver(key, batch, seen),
        keyword -> deliver.accept(keyword.told()))
        .compose(bot -> bot.isEmpty() ? Future.succeededFuture()
            : answerUnlessTaken(key, batch, bot.get(), modelTurn, deliver, withhold));
  }

  private Future<Void> answerUnlessTaken(String key, List<InboundMessage> batch, Seen seen,
                                         Function<SessionHistory, Future<Reply>> modelTurn, Consumer<Reply> deliver,
                                         Consumer<Reply> withhold) {
    TurnHistory turn = new TurnHistory(history, key);
    return modelTurn.apply(turn).compose(reply -> handover.answerUnlessTaken(key, seen, batch, turn.change())
        .transform(stored -> {
          if (stored.failed()) {
            // Sent all the same, as an answer whose turn could not be saved always was: the check could not run.
            LOG.warn("session {}: the turn was answered but not saved: {}", key, stored.cause().getMessage());
          }
          if (stored.failed() || stored.result()) {
            deliver.accept(reply);
          } else {
            withhold.accept(reply);
          }
          return Future.succeededFuture();
        }));
  }

  /**
   * True when the batch of a turn claimed from the shared inbox needs no model: a person has the session,
   * or the user asked for one. Its messages are {@code said} (as read: a voice note's keyword counts as on
   * one node): what it writes to the history goes to {@code turnHistory}, and what it decided goes to
   * {@code decided}: kept messages are left for the claim's answer to finish, a handover's mode is the
   * answer's to store with the reply, and the bot's answer ({@link BotAnswer}) the answer's to write, so
   * that nothing is written unless the claim still holds, kept messages only if the mode does, and the
   * bot's answer only if no person took the session meanwhile.
   */
  Future<Boolean> handled(String key, List<InboundMessage> said, SessionHistory turnHistory,
                          Consumer<ClaimedHandover> decided) {
    if (handover == null) {
      return Future.succeededFuture(false);
    }
    return botAnswers(key, said, () -> keepClaimed(key, said, turnHistory, decided),
        seen -> handover.handOver(key, said, turnHistory), decided).map(bot -> {
          bot.ifPresent(seen -> decided.accept(new ClaimedHandover(null, seen.botAnswer(said))));
          return bot.isEmpty();
        });
  }

  /**
   * {@link Handover#keepIfHuman(String, List, SessionHistory)} for a claimed turn: messages kept for a person
   * go to {@code decided}, for the claim's answer to finish only if the mode is still as the turn read it.
   */
  private Future<Seen> keepClaimed(String key, List<InboundMessage> said, SessionHistory turnHistory,
                                   Consumer<ClaimedHandover> decided) {
    return handover.keepIfHuman(key, said, turnHistory).onSuccess(seen -> {
      if (seen.human()) {
        decided.accept(new ClaimedHandover(null, seen.kept()));
      }
    });
  }

  /** A claimed turn's answer handed the session to a person (see {@link Handover#handedOver}). */
  void handedOver(String key) {
    handover.handedOver(key);
  }

  /** A claimed turn's answer was withheld: a person took the session (see {@link Handover#answerWithheld}). */
  void answerWithheld(String key) {
    handover.answerWithheld(key);
  }

  /**
   * The mode the bot answers the batch from, as read before any model runs; empty when the batch needs no
   * model: a person has the session, or the user asked for one ({@code told} then gets the message telling
   * them so).
   */
  private Future<Optional<Seen>> botAnswers(String key, List<InboundMessage> batch, Supplier<Future<Seen>> keepIfHuman,
                                            Function<Seen, Future<String>> handOver, Consumer<ClaimedHandover> told) {
    return keepIfHuman.get().compose(seen -> {
      if (seen.human()) {
        return Future.succeededFuture(Optional.empty());
      }
      if (batch.stream().noneMatch(message -> handover.asksForHuman(message.text()))) {
        return Future.succeededFuture(Optional.of(seen));
      }
      InboundMessage last = batch.get(batch.size() - 1);
      return handOver.apply(seen).transform(handedOver -> {
        if (handedOver.failed()) {
          LOG.warn("session {}: handed to a person, but the mode was not stored: {}", key,
              handedOver.cause().getMessage());
        }
        // Told a person comes all the same: the user asked for one.
        told.accept(new ClaimedHandover(Reply.to(last, handover.message(), null, null), seen.toHuman()));
        return Future.succeededFuture(Optional.empty());
      });
    });
  }

  private void note(Lanes lanes, Message<Object> message) {
    if (message.body() instanceof JsonObject note && note.getValue("session") instanceof String key
        && note.getValue("text") instanceof String text) {
      lanes.run(key, () -> handover.operatorSent(key, text)).onFailure(failure ->
          LOG.warn("session {}: a message sent to the chat did not join the history: {}", key, failure.getMessage()));
    }
  }
}

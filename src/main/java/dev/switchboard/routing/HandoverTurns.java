package dev.switchboard.routing;

import dev.switchboard.lanes.Lanes;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.routing.handover.Handover;
import dev.switchboard.routing.handover.Handover.Seen;
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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The router's side of human handover (DESIGN §14), run in each session's lane: before a turn, a
 * session with a person keeps the messages for them, and a user asking for a person is handed over and
 * told so; messages operators sent join the history in turn. Either way no model runs, so the user saw
 * no "typing…" ({@link Addresses#answering}). Without a {@link Handover} the bot answers everything.
 */
final class HandoverTurns {

  private static final Logger LOG = LoggerFactory.getLogger(HandoverTurns.class);

  private final Vertx vertx;
  private final Handover handover;

  /** @param handover the sessions' modes, or null when the bridge does no handover (tests, one-shot commands) */
  HandoverTurns(Vertx vertx, Handover handover) {
    this.vertx = vertx;
    this.handover = handover;
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
   * the mode since the turn read it), or its messages kept for the person who has the session (no reply;
   * answered only if the mode is still as the turn read it).
   */
  record ClaimedHandover(Reply told, HandoverDecision decision) {
  }

  /**
   * True when the batch needs no model: a person has the session, or the user asked for one (then
   * {@code reply} gets the message telling them so).
   */
  Future<Boolean> handled(String key, List<InboundMessage> batch, Consumer<Reply> reply) {
    return handled(key, batch, () -> handover.keepIfHuman(key, batch), seen -> handover.handOver(key, batch, seen),
        keyword -> reply.accept(keyword.told()));
  }

  /**
   * As {@link #handled(String, List, Consumer)} for a turn claimed from the shared inbox, whose messages
   * are {@code said} (as read: a voice note's keyword counts as on one node): what it writes to the
   * history goes to {@code turnHistory}, and what it decided goes to {@code decided}: kept messages are
   * left for the claim's answer to finish, and a handover's mode is the answer's to store with the reply,
   * so that nothing is written unless the claim still holds, and kept messages only if the mode does.
   */
  Future<Boolean> handled(String key, List<InboundMessage> said, SessionHistory turnHistory,
                          Consumer<ClaimedHandover> decided) {
    return handled(key, said, () -> keepClaimed(key, said, turnHistory, decided),
        seen -> handover.handOver(key, said, turnHistory), decided);
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

  private Future<Boolean> handled(String key, List<InboundMessage> batch, Supplier<Future<Seen>> keepIfHuman,
                                  Function<Seen, Future<String>> handOver, Consumer<ClaimedHandover> told) {
    if (handover == null) {
      return Future.succeededFuture(false);
    }
    return keepIfHuman.get().compose(seen -> {
      if (seen.human() || batch.stream().noneMatch(message -> handover.asksForHuman(message.text()))) {
        return Future.succeededFuture(seen.human());
      }
      InboundMessage last = batch.get(batch.size() - 1);
      return handOver.apply(seen).transform(handedOver -> {
        if (handedOver.failed()) {
          LOG.warn("session {}: handed to a person, but the mode was not stored: {}", key,
              handedOver.cause().getMessage());
        }
        // Told a person comes all the same: the user asked for one.
        told.accept(new ClaimedHandover(Reply.to(last, handover.message(), null, null), seen.toHuman()));
        return Future.succeededFuture(true);
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

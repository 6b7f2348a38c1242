package dev.switchboard.routing;

import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.model.ModelReply;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ScriptedModels.text;

/**
 * An operator's takeover while the model answers, as both paths (one node, a claimed turn) are tested
 * for it: Ann's question, whose answer model {@code A} holds until {@link #answer} is completed
 * ({@link #modelAnswering} completes once it was asked), and her later message, answered at once.
 */
record HeldAnswer(InboundMessage question, InboundMessage later, String session, Promise<Void> modelAnswering,
                  Promise<ModelReply> answer, ScriptedModels models) {

  static HeldAnswer script(Vertx vertx) {
    InboundMessage question = new InboundMessage("telegram:1", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "Where is my order?", System.currentTimeMillis(), null);
    InboundMessage later = new InboundMessage("telegram:2", "telegram", "bot1", "100", ChatType.DM, "100", "Ann",
        null, "Thanks. And the invoice?", System.currentTimeMillis(), null);
    Promise<Void> modelAnswering = Promise.promise();
    Promise<ModelReply> answer = Promise.promise();
    ScriptedModels models = new ScriptedModels(vertx).script(A, (v, request) -> {
      modelAnswering.tryComplete();
      return answer.future();
    }, text("The invoice is attached."));
    return new HeldAnswer(question, later, SessionKeys.of(question), modelAnswering, answer, models);
  }
}

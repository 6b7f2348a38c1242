package dev.switchboard.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Switchboard for another verticle, in this JVM or on the cluster: ask a model, send a message to a
 * person, hand a session to a human and back, listen to conversations. Requests and answers are
 * records; on the bus they are the JSON of DESIGN §5 and §14, so non-Java consumers use the same
 * addresses. A refused request fails with a {@link RefusedRequest}.
 *
 * <pre>{@code
 * SwitchboardClient switchboard = SwitchboardClient.create(vertx);
 * switchboard.send(SendRequest.text("telegram", "4242", "Your order has shipped."))
 *     .onSuccess(receipt -> log.info("queued as {}", receipt.id()));
 * switchboard.conversation(event -> crm.record(event.session(), event.type(), event.text()));
 * }</pre>
 */
public final class SwitchboardClient {

  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(30_000);

  private final Vertx vertx;

  private SwitchboardClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public static SwitchboardClient create(Vertx vertx) {
    return new SwitchboardClient(vertx);
  }

  /** Queues a message to a person; completes once it is durably in the outbox. */
  public Future<SendReceipt> send(SendRequest request) {
    return vertx.eventBus().<JsonObject>request(Addresses.SEND, request.toJson(), REQUEST)
        .transform(answer -> answer.succeeded() ? Future.succeededFuture(SendReceipt.fromJson(answer.result().body()))
            : Future.failedFuture(RefusedRequest.from(answer.cause())));
  }

  /** Puts the session in {@code mode}; completes with the mode now in force. */
  public Future<HandoverRequest> handover(String session, SessionMode mode) {
    return vertx.eventBus().<JsonObject>request(Addresses.HANDOVER, new HandoverRequest(session, mode).toJson(), REQUEST)
        .transform(answer -> answer.succeeded()
            ? Future.succeededFuture(HandoverRequest.fromJson(answer.result().body()))
            : Future.failedFuture(RefusedRequest.from(answer.cause())));
  }

  /** One model turn (see {@link AskRequest}); fails with the bus's {@code ReplyException} ({@link AskFailure}). */
  public Future<AskReply> ask(AskRequest request) {
    return vertx.eventBus().<JsonObject>request(Addresses.ASK, request.toJson())
        .map(answer -> AskReply.fromJson(answer.body()));
  }

  /** Calls {@code handler} with every inbound message, reply and sent message; unregister the consumer to stop. */
  public MessageConsumer<JsonObject> conversation(Handler<ConversationEvent> handler) {
    return vertx.eventBus().consumer(Addresses.CONVERSATION, message -> handler.handle(ConversationEvent.fromJson(message.body())));
  }

  /** Calls {@code handler} with every item of {@link Addresses#EVENTS} (sent, delivery_failed, handover…). */
  public MessageConsumer<JsonObject> events(Handler<JsonObject> handler) {
    return vertx.eventBus().consumer(Addresses.EVENTS, message -> handler.handle(message.body()));
  }
}

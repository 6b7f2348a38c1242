package dev.switchboard.channel.delivery;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ConversationEvent;
import dev.switchboard.bus.Refusal;
import dev.switchboard.bus.RefusedRequest;
import dev.switchboard.bus.SendReceipt;
import dev.switchboard.bus.SendRequest;
import dev.switchboard.store.KnownChat;
import dev.switchboard.store.OutboundMessage;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.QueuedSend;
import dev.switchboard.store.SendLedger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A channel's end of {@link Addresses#SEND}: finds the chat the person wrote in (its session and the
 * account they wrote to), lets the channel refuse what the platform would (a closed WhatsApp window),
 * splits the text like a reply and writes it to the outbox, once per idempotency key; answers
 * {@code {id, status: "queued"}} only then; and hands the chunks to the channel's delivery. What was
 * sent joins the session's history (through the router, in the conversation's order) and is published
 * on {@link Addresses#CONVERSATION}.
 */
public final class SendDesk {

  private static final Logger LOG = LoggerFactory.getLogger(SendDesk.class);

  private final Vertx vertx;
  private final String channel;
  private final ChatFinder chats;
  private final SendLedger ledger;
  private final Function<String, List<String>> split;
  private final BiFunction<SendRequest, KnownChat, RefusedRequest> refusal;
  private final Consumer<List<OutboxChunk>> deliver;

  /**
   * @param refusal why the channel will not send this (given the chat, or null when nobody wrote in it), or null
   * @param deliver sends queued chunks, on the channel's context
   */
  /** Finds the chat a send names among those users wrote in. */
  @FunctionalInterface
  public interface ChatFinder {

    Future<Optional<KnownChat>> find(String accountIdOrNull, String chatId, String threadIdOrNull);
  }

  public SendDesk(Vertx vertx, String channel, ChatFinder chats, SendLedger ledger, Function<String, List<String>> split,
           BiFunction<SendRequest, KnownChat, RefusedRequest> refusal, Consumer<List<OutboxChunk>> deliver) {
    this.vertx = vertx;
    this.channel = channel;
    this.chats = chats;
    this.ledger = ledger;
    this.split = split;
    this.refusal = refusal;
    this.deliver = deliver;
  }

  public void handle(Message<Object> message) {
    SendRequest request;
    try {
      request = SendRequest.fromJson(message.body());
    } catch (RefusedRequest refused) {
      refused.failReply(message);
      return;
    }
    chats.find(request.accountId(), request.chatId(), request.threadId())
        .compose(found -> {
          KnownChat chat = found.orElse(null);
          RefusedRequest refused = refusal.apply(request, chat);
          return refused != null ? Future.failedFuture(refused) : queue(request, chat);
        })
        .onSuccess(queued -> message.reply(SendReceipt.queued(queued.id()).toJson()))
        .onFailure(failure -> {
          if (!(failure instanceof RefusedRequest)) {
            LOG.error("{}: a send to {} was not queued: {}", channel, request.chatId(), failure.getMessage());
          }
          (failure instanceof RefusedRequest refused ? refused
              : new RefusedRequest(Refusal.UNAVAILABLE, "not queued: the store failed")).failReply(message);
        });
  }

  private Future<QueuedSend> queue(SendRequest request, KnownChat chat) {
    String account = request.accountId() != null ? request.accountId() : chat == null ? null : chat.accountId();
    List<String> chunks = request.text() == null ? List.of() : split.apply(request.text());
    String template = request.template() == null ? null : request.template().toGraph().encode();
    OutboundMessage outbound = new OutboundMessage(SendReceipt.newId(), request.idempotencyKey(), channel, account,
        request.chatId(), request.threadId(), chunks, template);
    return ledger.enqueue(outbound).onSuccess(queued -> {
      if (queued.duplicate()) {
        LOG.debug("{}: send with idempotency key {} already queued as {}", channel, request.idempotencyKey(),
            queued.id());
        return;
      }
      deliver.accept(queued.chunks());
      String text = request.text() != null ? request.text() : "[template " + request.template().name() + "]";
      String session = chat == null ? null : chat.sessionKey();
      if (session != null) {
        vertx.eventBus().send(Addresses.SESSION_NOTES, new JsonObject().put("session", session).put("text", text));
      }
      vertx.eventBus().publish(Addresses.CONVERSATION, new ConversationEvent(ConversationEvent.SENT, session, channel,
          request.chatId(), null, text, null, queued.id(), System.currentTimeMillis()).toJson());
    });
  }
}

package dev.switchboard.channel;

import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.gate.GateDecision;
import dev.switchboard.channel.delivery.ChunkSender;
import dev.switchboard.channel.delivery.ClaimedDelivery;
import dev.switchboard.channel.delivery.Pacer;
import dev.switchboard.channel.delivery.SendDesk;
import dev.switchboard.channel.delivery.ReplyPreviews;
import dev.switchboard.channel.format.TextChunker;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ConversationEvent;
import dev.switchboard.bus.DraftPiece;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Refusal;
import dev.switchboard.bus.RefusedRequest;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.SendReceipt;
import dev.switchboard.bus.SendRequest;
import dev.switchboard.store.SessionKeys;
import dev.switchboard.store.ChatDirectory;
import dev.switchboard.media.MediaBus;
import dev.switchboard.media.MediaSource;
import dev.switchboard.lanes.Lanes;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.KnownChat;
import dev.switchboard.store.Outbox;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.SendLedger;
import dev.switchboard.store.SentChunk;
import dev.switchboard.store.OutboxClaims;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One chat platform. Inbound, it registers its webhook handlers with the node's {@link WebhookRoutes}
 * (every gateway instance hands the requests over to this verticle's context, so the channel's state
 * is confined to it and needs no lock), verifies and parses, and hands
 * each message to {@link #receive}, which journals what the gate admits in the {@link Inbox} before
 * publishing it on {@link Addresses#INBOUND}. Outbound, it consumes {@code switchboard.outbound.<name>}:
 * each {@link Reply} is split, written to the {@link Outbox} (which also marks the message answered)
 * and its chunks sent one after the other, after the replies before it in the same chat. Chunks a
 * crash left unsent are sent at start. The platform only splits and sends: durability, order and
 * failure reports live here.
 *
 * <p>When {@link #serving serving} sends, it also takes messages to people from other applications
 * on {@code switchboard.send.<name>} ({@link SendDesk}); they go through the same outbox, lanes and
 * pacing, and their outcome is published as {@code sent} or {@code delivery_failed} with the send's id.
 * Every accepted message is published on {@link Addresses#CONVERSATION}.
 */
public abstract class ChannelVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelVerticle.class);

  private final WebhookRoutes webhooks;
  private final Inbox inbox;
  private final Outbox outbox;
  private final List<Runnable> unregisterWebhooks = new ArrayList<>();
  private Lanes lanes;
  private final TextChunker chunker;
  private MessageConsumer<JsonObject> outbound;
  private MessageConsumer<Object> sendRequests;
  private MessageConsumer<JsonObject> unanswered;
  private ChatDirectory chats;
  private SendLedger sends;
  private MessageConsumer<JsonObject> drafts;
  /** Set by a channel that shows replies as they are written; null otherwise. */
  private ReplyPreviews previews;
  private MessageConsumer<JsonObject> media;
  private MessageConsumer<Object> outboxWritten;
  private OutboxClaims claims;
  private String owner;
  private Duration lease;
  private ClaimedDelivery claimed;
  private ChunkSender sender;

  /** @param textChunkLimit the longest message the platform takes, in UTF-16 units (Java chars) */
  protected ChannelVerticle(WebhookRoutes webhooks, Inbox inbox, Outbox outbox, int textChunkLimit) {
    this.webhooks = webhooks;
    this.inbox = inbox;
    this.outbox = outbox;
    this.chunker = new TextChunker(textChunkLimit);
  }

  /**
   * Makes the channel take messages to people on {@code switchboard.send.<name>}: the chats users wrote
   * in tell it where they go, the ledger queues them once. Call before deploying.
   */
  public ChannelVerticle serving(ChatDirectory chatDirectory, SendLedger ledger) {
    this.chats = chatDirectory;
    this.sends = ledger;
    return this;
  }

  /**
   * In a cluster: replies are sent from the shared outbox through claims ({@link ClaimedDelivery}),
   * whichever node wrote them, instead of by the node that received them. Call before deploying.
   */
  public ChannelVerticle deliveringThroughClaims(OutboxClaims claims, String owner, Duration lease) {
    this.claims = claims;
    this.owner = owner;
    this.lease = lease;
    return this;
  }

  /** The channel's name: {@code whatsapp}, {@code telegram}, {@code slack}. */
  public abstract String name();

  /** Learns what the channel needs before accepting traffic (the bot's own identity, say). */
  protected Future<Void> prepare() {
    return Future.succeededFuture();
  }

  /**
   * Downloads the files users send, with the platform's credentials (DESIGN.md §13), for the router,
   * which reads them at turn time; null when the platform sends none. Called after {@link #prepare()}.
   */
  protected MediaSource mediaSource() {
    return null;
  }

  /** Registers the webhook handlers ({@link #webhook}), with full paths ({@code /webhooks/<name>}). */
  protected abstract void mountWebhooks();

  /** Serves {@code method path} with {@code handler}, on this verticle's context, until it stops. */
  protected final void webhook(HttpMethod method, String path, Handler<RoutingContext> handler) {
    webhooks.register(method, path, context, handler);
    unregisterWebhooks.add(() -> webhooks.unregister(method, path));
  }

  /**
   * The reply's Markdown in the pieces the platform accepts, in order, each still Markdown: split on
   * paragraph and code-fence boundaries at the channel's {@code textChunkLimit}.
   */
  protected List<String> split(String markdown) {
    return chunker.split(markdown);
  }

  /**
   * Formats one chunk and sends it, retrying as the platform allows. Completes with the platform's id
   * of the new message (or null when it gives none); fails when the chunk will not be delivered.
   */
  protected abstract Future<String> sendChunk(OutboxChunk chunk);

  /**
   * Shows replies while they are written (DESIGN.md §15): call it from {@link #prepare()}. The
   * pieces come on {@link Addresses#draft}; the final reply still comes, through the outbox, and is
   * sent only once the reply's last preview call has been answered.
   */
  protected final void previewReplies(ReplyPreviews.Platform platform, long minIntervalMs) {
    previews = new ReplyPreviews(vertx, name(), platform, minIntervalMs);
  }

  /**
   * Why the platform would not take this send, given the chat ({@code null} when nobody ever wrote in
   * it), or null when it can go. By default a template is refused: only WhatsApp has them.
   */
  protected RefusedRequest refuseSend(SendRequest request, KnownChat chat) {
    return request.template() == null ? null
        : new RefusedRequest(Refusal.BAD_TEMPLATE, "templates are a WhatsApp feature; send text to " + name());
  }

  /** The id a chat a send names has in inbound messages (WhatsApp numbers come without their +). */
  protected String inboundChatId(String chatId) {
    return chatId;
  }

  /** The platform's pace (DESIGN §14), or null to send as fast as the platform answers. */
  protected Pacer pacer() {
    return null;
  }

  /**
   * A reply has come for the chat (before it is sent), or the bot will not answer (the session is with
   * a person; the reply's text is then empty): the place to stop its typing indicator.
   */
  protected void replyArrived(Reply reply) {
  }

  /** The platform's own fields of a {@code delivery_failed} event (an error code, say); they win over the common ones. */
  protected JsonObject failureDetails(OutboxChunk chunk, Throwable failure) {
    return new JsonObject();
  }

  @Override
  public Future<?> start() {
    lanes = new Lanes(context);
    // Pending chunks are read before replies are consumed, so that no chunk is both pending and new.
    if (claims != null) {
      return prepareSending().compose(ready -> startClaimedDelivery()).recover(failure -> {
        Future<?> released = stop();
        return released.transform(ignored -> Future.failedFuture(failure));
      });
    }
    return prepareSending().compose(ready -> outbox.pending(name())).compose(pending -> {
      resend(pending);
      return listen();
    }).recover(failure -> {
      // A failed start is not undeployed, and the bridge retries it: release what prepare() opened.
      Future<?> released = stop();
      return released.transform(ignored -> Future.failedFuture(failure));
    });
  }

  /** The channel's own preparation, then its sender, with the pace {@link #prepare()} may have set up. */
  private Future<Void> prepareSending() {
    return prepare().onSuccess(ready -> sender = new ChunkSender(vertx, name(), outbox, pacer(), this::sendChunk,
        this::failureDetails));
  }

  /** Cluster mode: chunks any node wrote (a reply, or what a dead node left unsent) are claimed and sent. */
  private Future<Void> startClaimedDelivery() {
    claimed = new ClaimedDelivery(vertx, name(), claims, owner, lease,
        sender::pacedSend, new ClaimedDelivery.Outcomes() {
          @Override
          public void sent(OutboxChunk last) {
            sender.publishSent(last);
          }

          @Override
          public void failed(List<OutboxChunk> chunks, int index, Throwable failure) {
            sender.publishFailure(chunks, index, failure);
          }
        });
    outboxWritten = vertx.eventBus().consumer(Addresses.outbox(name()), written -> claimed.claim());
    return Future.all(outboxWritten.completion(), listen()).onSuccess(listening -> claimed.start()).mapEmpty();
  }

  /**
   * Consumes replies, their previews (when the channel shows them), the router's word that a message
   * stays unanswered, and (when {@link #serving serving}) sends to people; mounts the webhooks.
   */
  private Future<Void> listen() {
    List<Future<?>> listening = new ArrayList<>();
    outbound = vertx.eventBus().consumer(Addresses.outbound(name()),
        message -> deliverOnContext(Reply.fromJson(message.body())));
    listening.add(outbound.completion());
    unanswered = vertx.eventBus().consumer(Addresses.unanswered(name()),
        message -> replyArrived(Reply.fromJson(message.body())));
    listening.add(unanswered.completion());
    if (previews != null) {
      drafts = vertx.eventBus().consumer(Addresses.draft(name()),
          message -> previews.piece(DraftPiece.fromJson(message.body())));
      listening.add(drafts.completion());
    }
    MediaSource source = mediaSource();
    if (source != null) {
      media = MediaBus.serve(vertx, name(), source);
      listening.add(media.completion());
    }
    mountWebhooks();
    if (sends != null) {
      SendDesk desk = new SendDesk(vertx, name(), (account, chat, thread) -> chats.find(name(), account,
          inboundChatId(chat), thread), sends, this::split, this::refuseSend, this::deliverQueued);
      sendRequests = vertx.eventBus().consumer(Addresses.sendVia(name()), desk::handle);
      listening.add(sendRequests.completion());
    }
    return Future.all(listening).mapEmpty();
  }

  /**
   * Runs a parsed, verified message through the gate and acts on the decision: PUBLISH journals it
   * in the inbox, then sends it to the router on {@link Addresses#INBOUND}; REPLY delivers the gate's
   * text (a pairing code, a rate-limit notice) in the same chat, without waiting for it. Completes
   * once the message is journaled and on the bus, or dropped, so the webhook handler acknowledges the
   * platform after it; fails when the gate could not decide (see {@link ChannelGate#admit}) or the
   * journal could not be written: the handler must then answer with a 5xx so that the platform retries.
   */
  protected Future<GateDecision> receive(ChannelGate gate, InboundMessage message) {
    return gate.admit(message).compose(decision -> switch (decision.action()) {
      case PUBLISH -> inbox.journal(message)
          .onFailure(notKept -> gate.release(message))
          .map(journaled -> {
            vertx.eventBus().send(Addresses.INBOUND, message.toJson());
            vertx.eventBus().publish(Addresses.CONVERSATION,
                ConversationEvent.inbound(message, SessionKeys.of(message)).toJson());
            return decision;
          });
      case REPLY -> {
        deliver(Reply.to(message, decision.text(), null, null));
        yield Future.succeededFuture(decision);
      }
      case IGNORE -> Future.succeededFuture(decision);
    });
  }

  /**
   * Delivers a reply the channel makes itself (a gate notice, a note about an unreadable message) the
   * way the router's replies go: through the outbox, in the chat's order. Callable from any thread.
   */
  protected final void deliver(Reply reply) {
    context.runOnContext(onContext -> deliverOnContext(reply));
  }

  private void deliverOnContext(Reply reply) {
    replyArrived(reply);
    List<String> chunks = split(reply.text());
    Future<Void> previewsSettled = previews == null ? Future.succeededFuture() : previews.settle(reply.inboundId());
    if (claimed != null) {
      // Written, then sent by whichever node claims the chat: never by two.
      previewsSettled.compose(settled -> outbox.enqueue(reply.inboundId(), name(), reply, chunks)).onComplete(written -> {
        if (written.succeeded()) {
          vertx.eventBus().publish(Addresses.outbox(name()), null);
        } else {
          LOG.error("{}: reply to {} not written to the outbox, so not sent: {}", name(), reply.inboundId(),
              written.cause().getMessage());
        }
      });
      return;
    }
    lanes.run(chatKey(reply.accountId(), reply.chatId(), reply.threadId()), () -> previewsSettled
        .compose(settled -> outbox.enqueue(reply.inboundId(), name(), reply, chunks))
        .transform(written -> {
          if (written.failed()) {
            LOG.error("{}: reply to {} not written to the outbox, so not sent; the message is answered again "
                + "after a restart: {}", name(), reply.inboundId(), written.cause().getMessage());
            return Future.succeededFuture();
          }
          return sender.send(written.result());
        }));
  }

  /**
   * Publishes a {@code delivery_failed} the platform reported after accepting a message (a WhatsApp
   * {@code failed} status): the chunk is looked up by the id the platform gave it, so the event names
   * the send ({@code id}) or the message the reply answered ({@code inboundId}). Callable from any thread.
   */
  protected final void publishLateFailure(String platformMessageId, JsonObject event) {
    Future<Optional<SentChunk>> found = sends == null || platformMessageId == null
        ? Future.succeededFuture(Optional.empty())
        : sends.findSent(name(), platformMessageId).otherwise(Optional.empty());
    found.onSuccess(chunk -> {
      chunk.ifPresent(sent -> event.put(SendReceipt.isSendId(sent.origin()) ? "id" : "inboundId", sent.origin()));
      vertx.eventBus().publish(Addresses.EVENTS, event);
    });
  }

  /** A send's chunks, just queued: delivered in their chat's lane like a reply. */
  private void deliverQueued(List<OutboxChunk> chunks) {
    if (claimed != null) {
      // Queued in the shared outbox: sent by whichever node claims the chat, like a reply.
      vertx.eventBus().publish(Addresses.outbox(name()), null);
    } else if (!chunks.isEmpty()) {
      OutboxChunk first = chunks.get(0);
      lanes.run(chatKey(first.accountId(), first.chatId(), first.threadId()), () -> sender.send(chunks));
    }
  }

  /** Chunks written but not sent by the last run, oldest first, each reply after the ones before it in its chat. */
  private void resend(List<OutboxChunk> pending) {
    if (pending.isEmpty()) {
      return;
    }
    LOG.info("{}: sending {} reply chunk(s) left unsent by the last run", name(), pending.size());
    Map<String, List<OutboxChunk>> replies = new LinkedHashMap<>();
    pending.forEach(chunk -> replies.computeIfAbsent(chunk.inboundId(), id -> new ArrayList<>()).add(chunk));
    replies.values().forEach(chunks -> {
      OutboxChunk first = chunks.get(0);
      lanes.run(chatKey(first.accountId(), first.chatId(), first.threadId()), () -> sender.send(chunks));
    });
  }

  private static String chatKey(String accountId, String chatId, String threadId) {
    return accountId + '\n' + chatId + '\n' + threadId;
  }

  /**
   * The node is stopping (DESIGN.md §10.2): completes once the replies handed to this channel so far
   * are sent (one node), or once the chats it claimed are sent, after one last claim (cluster).
   * Callable from any thread.
   */
  public Future<Void> drain() {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(onContext -> (claimed != null ? claimed.drain() : lanes.idle()).onComplete(drained));
    return drained.future();
  }

  /** The drain ran out of time: the chats this node still sends go back to the shared outbox. */
  public Future<Void> releaseClaims() {
    Promise<Void> released = Promise.promise();
    context.runOnContext(onContext -> (claimed != null ? claimed.release() : Future.<Void>succeededFuture())
        .onComplete(released));
    return released.future();
  }

  @Override
  public Future<?> stop() {
    if (previews != null) {
      previews.stopAll();
    }
    unregisterWebhooks.forEach(Runnable::run);
    unregisterWebhooks.clear();
    if (claimed != null) {
      claimed.stop();
    }
    if (outboxWritten != null) {
      outboxWritten.unregister();
    }
    List<Future<Void>> consumers = new ArrayList<>();
    for (MessageConsumer<?> consumer : new MessageConsumer<?>[] {outbound, unanswered, sendRequests, drafts, media}) {
      if (consumer != null) {
        consumers.add(consumer.unregister());
      }
    }
    return Future.all(consumers);
  }
}

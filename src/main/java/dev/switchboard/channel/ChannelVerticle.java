package dev.switchboard.channel;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ConversationEvent;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Refusal;
import dev.switchboard.bus.RefusedRequest;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.SendRequest;
import dev.switchboard.channel.delivery.ClaimedDelivery;
import dev.switchboard.channel.delivery.Pacer;
import dev.switchboard.channel.delivery.PlatformSends;
import dev.switchboard.channel.delivery.ReplyDelivery;
import dev.switchboard.channel.delivery.ReplyPreviews;
import dev.switchboard.channel.delivery.SendDesk;
import dev.switchboard.channel.delivery.SendPermit;
import dev.switchboard.channel.format.TextChunker;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.gate.GateDecision;
import dev.switchboard.lanes.Arrivals;
import dev.switchboard.lanes.Backlog;
import dev.switchboard.media.MediaBus;
import dev.switchboard.media.MediaSource;
import dev.switchboard.ops.Metrics;
import dev.switchboard.store.ChatDirectory;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.KnownChat;
import dev.switchboard.store.Outbox;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.OutboxClaims;
import dev.switchboard.store.SendLedger;
import dev.switchboard.store.SessionKeys;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One chat platform. Inbound, it registers its webhook handlers with the node's {@link WebhookRoutes}
 * (every gateway instance hands the requests over to this verticle's context, so the channel's state
 * is confined to it and needs no lock), verifies and parses, and hands
 * each message to {@link #receive}, which journals what the gate admits in the {@link Inbox} before
 * publishing it on {@link Addresses#INBOUND}. Outbound, its {@link ReplyDelivery} consumes
 * {@code switchboard.outbound.<name>}: each {@link Reply} is split, written to the {@link Outbox}
 * (which also marks the message answered) and its chunks sent one after the other, after the replies
 * before it in the same chat. The platform only splits and sends, through the hooks below
 * ({@link #split}, {@link #sendChunk}, {@link #pacer}, ...): durability, order and failure reports
 * live in the delivery.
 *
 * <p>When {@link #serving serving} sends, it also takes messages to people from other applications
 * on {@code switchboard.send.<name>} ({@link SendDesk}); they go through the same outbox, lanes and
 * pacing, and their outcome is published as {@code sent} or {@code delivery_failed} with the send's id.
 * Every accepted message is published on {@link Addresses#CONVERSATION}. The router says on
 * {@link Addresses#answering} (this node only) when a model begins a turn, for {@link #modelAnswering}
 * to show "typing…"; {@link #replyArrived} stops it, when the reply comes or the router says it will not.
 */
public abstract class ChannelVerticle extends VerticleBase {

  private final WebhookRoutes webhooks;
  private final Inbox inbox;
  private final Outbox outbox;
  private final List<Runnable> unregisterWebhooks = new ArrayList<>();
  private final TextChunker chunker;
  private ChatDirectory chats;
  private SendLedger sends;
  private OutboxClaims claims;
  private String owner;
  private Duration lease;
  /** Set by a channel that shows replies as they are written; null otherwise. */
  private ReplyPreviews previews;
  private MessageConsumer<JsonObject> media;
  private MessageConsumer<JsonObject> answering;
  private ReplyDelivery delivery;
  private Backlog backlog = Backlog.unbounded();
  /** The node's way to the router; null until {@link #countingInto} or the start makes one of its own. */
  private Arrivals arrivals;
  private final OverloadLog overload = new OverloadLog();
  private PlatformSends platformSends = PlatformSends.UNMEASURED;

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

  /**
   * Counts the replies this channel holds in the node's backlog, and hands the messages it accepts to
   * the router through the node's {@code arrivals}, refusing new ones while too many wait there (see
   * {@link #receive}). Call before deploying.
   */
  public ChannelVerticle countingInto(Arrivals nodeArrivals) {
    this.arrivals = nodeArrivals;
    this.backlog = nodeArrivals.backlog();
    return this;
  }

  /** Makes the channel time and count its sends to the platform in the node's {@code metrics}. Call before deploying. */
  public ChannelVerticle metering(Metrics metrics) {
    this.platformSends = PlatformSends.of(metrics, name());
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
   * Formats one chunk and sends it, retrying as the platform allows while {@code permit} holds (in a
   * cluster the chat can be taken over during a retry's wait). Completes with the platform's id of the
   * new message (or null when it gives none); fails when the chunk will not be delivered.
   */
  protected abstract Future<String> sendChunk(OutboxChunk chunk, SendPermit permit);

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
   * A model has begun answering {@code message} (the last of the turn's messages), as the router says on
   * {@link Addresses#answering}: the place to start a typing indicator in its chat. Never called for a
   * message the bot leaves to a person or answers without a model (a chat command), so that nothing
   * promises a reply that does not come.
   */
  protected void modelAnswering(InboundMessage message) {
  }

  /**
   * A reply has come for the chat (before it is sent), or the model's will not (a person took the session
   * meanwhile, {@link Addresses#withheld}): the place to stop its typing indicator.
   */
  protected void replyArrived(Reply reply) {
  }

  /** The platform's own fields of a {@code delivery_failed} event (an error code, say); they win over the common ones. */
  protected JsonObject failureDetails(OutboxChunk chunk, Throwable failure) {
    return new JsonObject();
  }

  @Override
  public Future<?> start() {
    if (arrivals == null) {
      arrivals = new Arrivals(context, backlog);
    }
    return prepare().compose(ready -> {
      delivery = newDelivery();
      return delivery.start(this::listen);
    }).recover(failure -> {
      // A failed start is not undeployed, and the bridge retries it: release what prepare() opened.
      Future<?> released = stop();
      return released.transform(ignored -> Future.failedFuture(failure));
    });
  }

  /** Built once {@link #prepare()} is done: it may set up the pace and the previews. */
  private ReplyDelivery newDelivery() {
    ReplyDelivery.Platform platform = new ReplyDelivery.Platform(this::split, this::sendChunk, this::failureDetails,
        this::replyArrived, this::refuseSend, this::inboundChatId, pacer());
    // The channel's replies count in a part of the backlog of their own, so that a slow platform holds
    // back only its own channel's messages (Arrivals).
    ReplyDelivery created = new ReplyDelivery(vertx, context, name(), outbox, platform, previews,
        backlog.repliesOf(name()), platformSends);
    if (sends != null) {
      created.serving(chats, sends);
    }
    if (claims != null) {
      created.throughClaims(claims, owner, lease);
    }
    return created;
  }

  /**
   * Serves the files users send (when the platform sends any), hears of the model turns begun on this
   * node, and mounts the webhooks.
   */
  private Future<Void> listen() {
    MediaSource source = mediaSource();
    media = source == null ? null : MediaBus.serve(vertx, name(), source);
    // Local: the router announces on the node that runs the turn, whose channel shows its typing.
    answering = vertx.eventBus().localConsumer(Addresses.answering(name()),
        message -> modelAnswering(InboundMessage.fromJson(message.body())));
    mountWebhooks();
    return Future.all(answering.completion(), media == null ? Future.succeededFuture() : media.completion())
        .mapEmpty();
  }

  /**
   * Runs a parsed, verified message through the gate and acts on the decision: PUBLISH journals it
   * in the inbox, then hands it to the router on {@link Addresses#INBOUND}, at once or, when the node
   * is full, once it has room ({@link Arrivals}); REPLY delivers the gate's text (a pairing code, a
   * rate-limit notice) in the same chat, without waiting for it. Completes once the message is
   * journaled, or dropped, so the webhook handler acknowledges the platform after it; fails when the
   * gate could not decide (see {@link ChannelGate#admitInto}) or the journal could not be written, or
   * as many messages as the node holds turns already wait for room ({@link NodeBusyException}): the
   * handler must then answer with a 5xx so that the platform retries.
   */
  protected Future<GateDecision> receive(ChannelGate gate, InboundMessage message) {
    if (!arrivals.acceptsNew()) {
      arrivals.countRefused();
      NodeBusyException busy = new NodeBusyException(arrivals);
      overload.refused(name(), busy);
      return Future.failedFuture(busy);
    }
    return gate.admitInto(inbox, message).map(decision -> switch (decision.action()) {
      case PUBLISH -> {
        JsonObject inbound = message.toJson();
        arrivals.handOn(name(), () -> vertx.eventBus().send(Addresses.INBOUND, inbound));
        vertx.eventBus().publish(Addresses.CONVERSATION,
            ConversationEvent.inbound(message, SessionKeys.of(message)).toJson());
        yield decision;
      }
      case REPLY -> {
        deliver(Reply.to(message, decision.text(), null, null));
        yield decision;
      }
      case IGNORE -> decision;
    });
  }

  /**
   * Delivers a reply the channel makes itself (a gate notice, a note about an unreadable message) the
   * way the router's replies go: through the outbox, in the chat's order. Callable from any thread.
   */
  protected final void deliver(Reply reply) {
    context.runOnContext(onContext -> delivery.deliver(reply));
  }

  /**
   * Publishes a {@code delivery_failed} the platform reported after accepting a message (a WhatsApp
   * {@code failed} status), naming the send or the message the reply answered
   * ({@link ReplyDelivery#publishLateFailure}). Callable from any thread once the channel has started.
   */
  protected final void publishLateFailure(String platformMessageId, JsonObject event) {
    delivery.publishLateFailure(platformMessageId, event);
  }

  /**
   * The node is stopping (DESIGN.md §10.2): completes once the replies handed to this channel so far
   * are sent (one node), or once the chats it claimed are sent, after one last claim (cluster).
   * Callable from any thread.
   */
  public Future<Void> drain() {
    return onContext(() -> delivery.drain());
  }

  /** The drain ran out of time: the chats this node still sends go back to the shared outbox. */
  public Future<Void> releaseClaims() {
    return onContext(() -> delivery.releaseClaims());
  }

  /** Takes a lambda rather than {@code delivery::drain}, so that the field is read on the context. */
  private Future<Void> onContext(Supplier<Future<Void>> action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(onContext -> action.get().onComplete(done));
    return done.future();
  }

  @Override
  public Future<?> stop() {
    unregisterWebhooks.forEach(Runnable::run);
    unregisterWebhooks.clear();
    Future<Void> delivering = delivery == null ? Future.succeededFuture() : delivery.stop();
    Future<Void> serving = media == null ? Future.succeededFuture() : media.unregister();
    Future<Void> following = answering == null ? Future.succeededFuture() : answering.unregister();
    return Future.all(delivering, serving, following);
  }
}

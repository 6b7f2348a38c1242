package dev.switchboard.channel;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.DraftPiece;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.routing.Lanes;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.Outbox;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.OutboxClaims;
import io.vertx.core.Future;
import io.vertx.core.Handler;
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
  private MessageConsumer<JsonObject> drafts;
  /** Set by a channel that shows replies as they are written; null otherwise. */
  private ReplyPreviews previews;
  private MessageConsumer<Object> outboxWritten;
  private OutboxClaims claims;
  private String owner;
  private Duration lease;
  private ClaimedDelivery claimed;

  /** @param textChunkLimit the longest message the platform takes, in UTF-16 units (Java chars) */
  protected ChannelVerticle(WebhookRoutes webhooks, Inbox inbox, Outbox outbox, int textChunkLimit) {
    this.webhooks = webhooks;
    this.inbox = inbox;
    this.outbox = outbox;
    this.chunker = new TextChunker(textChunkLimit);
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

  /** A reply has come for the chat (before it is sent): the place to stop its typing indicator. */
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
      return prepare().compose(ready -> startClaimedDelivery()).recover(failure -> {
        Future<?> released = stop();
        return released.transform(ignored -> Future.failedFuture(failure));
      });
    }
    return prepare().compose(ready -> outbox.pending(name())).compose(pending -> {
      resend(pending);
      outbound = vertx.eventBus().consumer(Addresses.outbound(name()),
          message -> deliverOnContext(Reply.fromJson(message.body())));
      Future<Void> draftsReady = Future.succeededFuture();
      if (previews != null) {
        drafts = vertx.eventBus().consumer(Addresses.draft(name()),
            message -> previews.piece(DraftPiece.fromJson(message.body())));
        draftsReady = drafts.completion();
      }
      mountWebhooks();
      return Future.all(outbound.completion(), draftsReady);
    }).recover(failure -> {
      // A failed start is not undeployed, and the bridge retries it: release what prepare() opened.
      Future<?> released = stop();
      return released.transform(ignored -> Future.failedFuture(failure));
    });
  }

  /** Cluster mode: chunks any node wrote (a reply, or what a dead node left unsent) are claimed and sent. */
  private Future<Void> startClaimedDelivery() {
    claimed = new ClaimedDelivery(vertx, name(), claims, owner, lease, this::sendChunk);
    outboxWritten = vertx.eventBus().consumer(Addresses.outbox(name()), written -> claimed.claim());
    outbound = vertx.eventBus().consumer(Addresses.outbound(name()),
        message -> deliverOnContext(Reply.fromJson(message.body())));
    mountWebhooks();
    return Future.all(outboxWritten.completion(), outbound.completion()).onSuccess(listening -> claimed.start())
        .mapEmpty();
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
          return send(written.result(), 0);
        }));
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
      lanes.run(chatKey(first.accountId(), first.chatId(), first.threadId()), () -> send(chunks, 0));
    });
  }

  /** Sends {@code chunks} from {@code index} on, each once the one before it was accepted. */
  private Future<Void> send(List<OutboxChunk> chunks, int index) {
    if (index == chunks.size()) {
      return Future.succeededFuture();
    }
    OutboxChunk chunk = chunks.get(index);
    return attempt(chunk).transform(sent -> sent.failed()
        ? giveUp(chunks, index, sent.cause())
        : outbox.markSent(chunk.id(), sent.result())
            .recover(failure -> {
              // Sent all the same: the user has it, the worst outcome is a second copy after a restart.
              LOG.warn("{}: chunk {} of the reply to {} sent but not marked sent: {}", name(), chunk.sequence(),
                  chunk.inboundId(), failure.getMessage());
              return Future.succeededFuture();
            })
            .compose(marked -> send(chunks, index + 1)));
  }

  private Future<String> attempt(OutboxChunk chunk) {
    try {
      return sendChunk(chunk);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * The chunk at {@code index} failed for good: it and the rest of the reply are marked failed (a
   * reply with a hole in it reads worse than a short one) and a {@code delivery_failed} event goes out.
   */
  private Future<Void> giveUp(List<OutboxChunk> chunks, int index, Throwable failure) {
    OutboxChunk failed = chunks.get(index);
    int total = chunks.get(chunks.size() - 1).sequence() + 1;
    String reason = String.valueOf(failure.getMessage());
    LOG.warn("{}: reply to {} not delivered ({} of {} chunks sent): {}", name(), failed.inboundId(),
        failed.sequence(), total, reason);
    JsonObject event = new JsonObject().put("type", "delivery_failed").put("channel", name())
        .put("inboundId", failed.inboundId()).put("chatId", failed.chatId()).put("reason", reason)
        .put("chunksSent", failed.sequence()).put("chunks", total)
        .mergeIn(failureDetails(failed, failure));
    vertx.eventBus().publish(Addresses.EVENTS, event);
    List<Future<Void>> marked = new ArrayList<>();
    marked.add(outbox.markFailed(failed.id(), reason));
    for (OutboxChunk rest : chunks.subList(index + 1, chunks.size())) {
      marked.add(outbox.markFailed(rest.id(), "not sent: chunk " + failed.sequence() + " failed: " + reason));
    }
    return Future.all(marked).transform(done -> {
      if (done.failed()) {
        LOG.warn("{}: failed chunks of the reply to {} not marked failed, they are tried again after a restart: {}",
            name(), failed.inboundId(), done.cause().getMessage());
      }
      return Future.succeededFuture();
    });
  }

  private static String chatKey(String accountId, String chatId, String threadId) {
    return accountId + '\n' + chatId + '\n' + threadId;
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
    Future<Void> draftsStopped = drafts == null ? Future.succeededFuture() : drafts.unregister();
    return Future.all(draftsStopped, outbound == null ? Future.succeededFuture() : outbound.unregister());
  }
}

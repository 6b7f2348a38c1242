package dev.switchboard.channel.delivery;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.DraftPiece;
import dev.switchboard.bus.RefusedRequest;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.SendReceipt;
import dev.switchboard.bus.SendRequest;
import dev.switchboard.lanes.Backlog;
import dev.switchboard.lanes.Lanes;
import dev.switchboard.store.ChatDirectory;
import dev.switchboard.store.KnownChat;
import dev.switchboard.store.Outbox;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.OutboxClaims;
import dev.switchboard.store.SendLedger;
import dev.switchboard.store.SentChunk;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A channel's outbound half. Each reply, from the router on {@code switchboard.outbound.<channel>} or
 * made by the channel itself, is split and written to the {@link Outbox} (which also marks its message
 * answered) before any of it is sent, and is sent after the replies before it in the same chat: on one
 * node through this channel's lanes, where the chunks a crash left unsent go out at start; in a cluster
 * through claims on the shared outbox ({@link ClaimedDelivery}), whichever node wrote them. A reply's
 * previews ({@link ReplyPreviews}) are settled before it is written, or taken back when the router says
 * on {@code switchboard.withheld.<channel>} that it will not come; sends to people from other
 * applications ({@link SendDesk}) take the same outbox, lanes and pace. The platform only splits and
 * sends ({@link Platform}). Confined to the channel's context: call it only from there.
 */
public final class ReplyDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(ReplyDelivery.class);

  /**
   * The channel's platform, as delivery uses it.
   *
   * @param split          a reply's Markdown in the pieces the platform accepts, in order
   * @param send           formats and sends one chunk, retrying while the permit holds; completes with the
   *                       platform's message id (or null)
   * @param failureDetails the platform's own fields of a {@code delivery_failed} event
   * @param replyArrived   a reply came for the chat, or none will: where typing stops
   * @param refusal        why the platform would not take a send (given its chat, or null), or null
   * @param inboundChatId  the id a chat a send names has in inbound messages
   * @param pacer          the platform's pace, or null to send as fast as the platform answers
   */
  public record Platform(Function<String, List<String>> split, BiFunction<OutboxChunk, SendPermit, Future<String>> send,
                         BiFunction<OutboxChunk, Throwable, JsonObject> failureDetails, Consumer<Reply> replyArrived,
                         BiFunction<SendRequest, KnownChat, RefusedRequest> refusal,
                         UnaryOperator<String> inboundChatId, Pacer pacer) {
  }

  private final Vertx vertx;
  private final String channel;
  private final Outbox outbox;
  private final Platform platform;
  /** Null unless the channel shows replies as they are written. */
  private final ReplyPreviews previews;
  private final Lanes lanes;
  private final ChunkSender sender;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private SendDesk desk;
  private SendLedger ledger;
  private ClaimedDelivery claimed;
  private MessageConsumer<JsonObject> outboxWritten;

  /**
   * @param previews the channel's previews, or null when it shows none
   * @param backlog  where each reply waiting or being sent counts (the channel's part of the node's)
   * @param measured where each chunk's send to the platform is timed and counted
   */
  public ReplyDelivery(Vertx vertx, Context context, String channel, Outbox outbox, Platform platform,
                       ReplyPreviews previews, Backlog backlog, PlatformSends measured) {
    this.vertx = vertx;
    this.channel = channel;
    this.outbox = outbox;
    this.platform = platform;
    this.previews = previews;
    this.lanes = new Lanes(context, backlog);
    this.sender = new ChunkSender(vertx, channel, outbox, platform.pacer(), platform.send(), platform.failureDetails(),
        measured);
  }

  /**
   * Takes sends to people on {@code switchboard.send.<channel>}: the chats users wrote in tell where they
   * go, the ledger queues each once and names a send whose message failed late. Call before {@link #start}.
   */
  public ReplyDelivery serving(ChatDirectory chats, SendLedger ledger) {
    this.ledger = ledger;
    SendDesk.ChatFinder finder = (account, chat, thread) -> chats.find(channel, account,
        platform.inboundChatId().apply(chat), thread);
    desk = new SendDesk(vertx, channel, finder, ledger, platform.split(), platform.refusal(), this::deliverQueued);
    return this;
  }

  /** Sends from the shared outbox through claims, whichever node wrote the chunks. Call before {@link #start}. */
  public ReplyDelivery throughClaims(OutboxClaims claims, String owner, Duration lease) {
    claimed = new ClaimedDelivery(vertx, channel, claims, owner, lease, sender::pacedSend,
        new ClaimedDelivery.Outcomes() {
          @Override
          public void sent(OutboxChunk last) {
            sender.publishSent(last);
          }

          @Override
          public void failed(List<OutboxChunk> chunks, int index, Throwable failure) {
            sender.publishFailure(chunks, index, failure);
          }
        });
    return this;
  }

  /**
   * Registers the consumers of replies, their previews and sends, and only then starts {@code receiving}
   * (the channel's webhooks), so that a reply to what it receives has a consumer. On one node the chunks
   * a crash left unsent are sent first; in a cluster, claiming begins once everything listens. Fails
   * when any of it could not start.
   */
  public Future<Void> start(Supplier<Future<Void>> receiving) {
    if (claimed == null) {
      // Pending chunks are read before replies are consumed, so that no chunk is both pending and new.
      return outbox.pending(channel).compose(pending -> {
        resend(pending);
        return listen(receiving);
      });
    }
    outboxWritten = vertx.eventBus().<JsonObject>consumer(Addresses.outbox(channel), written -> {
      if (written.body() != null) {
        // A claimed turn's reply (ClaimedTurns): typing in its chat stops, whichever node sends it.
        platform.replyArrived().accept(Reply.fromJson(written.body()));
      }
      claimed.claim();
    });
    return Future.all(outboxWritten.completion(), listen(receiving)).onSuccess(listening -> claimed.start())
        .mapEmpty();
  }

  private Future<Void> listen(Supplier<Future<Void>> receiving) {
    List<Future<?>> listening = new ArrayList<>();
    listening.add(this.<JsonObject>consume(Addresses.outbound(channel),
        message -> deliver(Reply.fromJson(message.body()))));
    if (previews != null) {
      listening.add(this.<JsonObject>consume(Addresses.draft(channel),
          message -> previews.piece(DraftPiece.fromJson(message.body()))));
    }
    listening.add(this.<JsonObject>consume(Addresses.withheld(channel),
        message -> withdraw(Reply.fromJson(message.body()))));
    if (desk != null) {
      listening.add(consume(Addresses.sendVia(channel), desk::handle));
    }
    listening.add(receiving.get());
    return Future.all(listening).mapEmpty();
  }

  private <T> Future<Void> consume(String address, Handler<Message<T>> handler) {
    MessageConsumer<T> consumer = vertx.eventBus().consumer(address, handler);
    consumers.add(consumer);
    return consumer.completion();
  }

  /** A reply for its chat: written to the outbox once its previews are settled, then sent in the chat's order. */
  public void deliver(Reply reply) {
    platform.replyArrived().accept(reply);
    List<String> chunks = platform.split().apply(reply.text());
    Future<Void> previewsSettled = previews == null ? Future.succeededFuture() : previews.settle(reply.inboundId());
    Supplier<Future<List<OutboxChunk>>> write = () -> previewsSettled
        .compose(settled -> outbox.enqueue(reply.inboundId(), channel, reply, chunks));
    if (claimed != null) {
      leaveToClaims(reply, write.get());
    } else {
      lanes.run(chatKey(reply.accountId(), reply.chatId(), reply.threadId()), () -> sendWritten(reply, write.get()));
    }
  }

  /** The reply will not come after all: typing in its chat stops, and what its previews showed is taken back. */
  private void withdraw(Reply reply) {
    platform.replyArrived().accept(reply);
    if (previews != null) {
      previews.withdraw(reply.inboundId());
    }
  }

  /** Written, then sent by whichever node claims the chat: never by two. */
  private void leaveToClaims(Reply reply, Future<List<OutboxChunk>> written) {
    written.onComplete(outcome -> {
      if (outcome.succeeded()) {
        nudgeClaims();
      } else {
        LOG.error("{}: reply to {} not written to the outbox, so not sent: {}", channel, reply.inboundId(),
            outcome.cause().getMessage());
      }
    });
  }

  private Future<Void> sendWritten(Reply reply, Future<List<OutboxChunk>> written) {
    return written.transform(outcome -> {
      if (outcome.failed()) {
        LOG.error("{}: reply to {} not written to the outbox, so not sent; the message is answered again "
            + "after a restart: {}", channel, reply.inboundId(), outcome.cause().getMessage());
        return Future.succeededFuture();
      }
      return sender.send(outcome.result());
    });
  }

  /** A send's chunks, just queued: delivered in their chat's lane like a reply. */
  private void deliverQueued(List<OutboxChunk> chunks) {
    if (claimed != null) {
      // Queued in the shared outbox: sent by whichever node claims the chat, like a reply.
      nudgeClaims();
    } else if (!chunks.isEmpty()) {
      sendInLane(chunks);
    }
  }

  /** Chunks written but not sent by the last run, oldest first, each reply after the ones before it in its chat. */
  private void resend(List<OutboxChunk> pending) {
    if (pending.isEmpty()) {
      return;
    }
    LOG.info("{}: sending {} reply chunk(s) left unsent by the last run", channel, pending.size());
    Map<String, List<OutboxChunk>> replies = new LinkedHashMap<>();
    pending.forEach(chunk -> replies.computeIfAbsent(chunk.inboundId(), id -> new ArrayList<>()).add(chunk));
    replies.values().forEach(this::sendInLane);
  }

  /** One reply's or send's chunks, after the ones before them in their chat. */
  private void sendInLane(List<OutboxChunk> chunks) {
    OutboxChunk first = chunks.get(0);
    lanes.run(chatKey(first.accountId(), first.chatId(), first.threadId()), () -> sender.send(chunks));
  }

  private static String chatKey(String accountId, String chatId, String threadId) {
    return accountId + '\n' + chatId + '\n' + threadId;
  }

  /** Any node running the channel claims the chunks just written now, rather than at its next poll. */
  private void nudgeClaims() {
    vertx.eventBus().publish(Addresses.outbox(channel), null);
  }

  /**
   * Publishes a {@code delivery_failed} the platform reported after accepting a message: the chunk is
   * looked up by the id the platform gave it, so the event names the send ({@code id}) or the message
   * the reply answered ({@code inboundId}). It reads nothing that changes once started, so any thread
   * may call it.
   */
  public void publishLateFailure(String platformMessageId, JsonObject event) {
    Future<Optional<SentChunk>> found = ledger == null || platformMessageId == null
        ? Future.succeededFuture(Optional.empty())
        : ledger.findSent(channel, platformMessageId).otherwise(Optional.empty());
    found.onSuccess(chunk -> {
      chunk.ifPresent(sent -> event.put(SendReceipt.isSendId(sent.origin()) ? "id" : "inboundId", sent.origin()));
      vertx.eventBus().publish(Addresses.EVENTS, event);
    });
  }

  /**
   * Completes once the replies handed over so far are sent (one node), or once the chats claimed here
   * are, after one last claim (cluster).
   */
  public Future<Void> drain() {
    return claimed != null ? claimed.drain() : lanes.idle();
  }

  /** Gives the chats still being sent here back to the shared outbox (the drain ran out of time). */
  public Future<Void> releaseClaims() {
    return claimed != null ? claimed.release() : Future.succeededFuture();
  }

  /** Stops previews, claiming and consuming; completes once the consumers are unregistered. */
  public Future<Void> stop() {
    if (previews != null) {
      previews.stopAll();
    }
    if (claimed != null) {
      claimed.stop();
    }
    if (outboxWritten != null) {
      outboxWritten.unregister();
    }
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }
}

package dev.switchboard.channel.delivery;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.SendReceipt;
import dev.switchboard.store.Outbox;
import dev.switchboard.store.OutboxChunk;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Sends one reply's (or one send's) chunks from the outbox to the platform: each once the one before
 * it was accepted and the platform's pace allows, marking each sent; a chunk that fails for good
 * marks it and the rest failed (a reply with a hole in it reads worse than a short one). The outcome
 * is published on {@link Addresses#EVENTS}: {@code sent} for a send's last chunk, {@code delivery_failed}
 * with the platform's own details. Confined to its channel's context; the caller keeps a chat's
 * replies one after the other (its lanes or its claims).
 */
public final class ChunkSender {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkSender.class);

  private final Vertx vertx;
  private final String channel;
  private final Outbox outbox;
  private final Pacer pacer;
  private final BiFunction<OutboxChunk, SendPermit, Future<String>> platform;
  private final BiFunction<OutboxChunk, Throwable, JsonObject> failureDetails;
  private final PlatformSends measured;

  /**
   * @param pacer          the platform's pace, or null to send as fast as the platform answers
   * @param platform       formats and sends one chunk, retrying while the permit holds; completes with the
   *                       platform's message id (or null)
   * @param failureDetails the platform's own fields of a {@code delivery_failed} event
   * @param measured       where each chunk's send is timed and counted
   */
  public ChunkSender(Vertx vertx, String channel, Outbox outbox, Pacer pacer,
                     BiFunction<OutboxChunk, SendPermit, Future<String>> platform,
                     BiFunction<OutboxChunk, Throwable, JsonObject> failureDetails, PlatformSends measured) {
    this.vertx = vertx;
    this.channel = channel;
    this.outbox = outbox;
    this.pacer = pacer;
    this.platform = platform;
    this.failureDetails = failureDetails;
    this.measured = measured;
  }

  /** Sends {@code chunks} in order; completes when each was sent or marked failed, never fails. */
  public Future<Void> send(List<OutboxChunk> chunks) {
    return send(chunks, 0);
  }

  /**
   * One chunk, once the platform's pace lets it go and if {@code permit} still holds after that wait;
   * fails when the platform will not take it, or with {@link SendPermit.Withdrawn}.
   */
  public Future<String> pacedSend(OutboxChunk chunk, SendPermit permit) {
    Future<Void> mayGo = pacer == null ? Future.succeededFuture() : pacer.acquire(chunk.accountId(), chunk.chatId());
    // A go without a wait needs no second look: the caller made sure the chunk was its to send just before.
    Future<Void> confirmed = mayGo.isComplete() ? mayGo : mayGo.compose(go -> permit.confirmed());
    return confirmed.compose(go -> measured.measure(() -> attempt(chunk, permit)));
  }

  private Future<Void> send(List<OutboxChunk> chunks, int index) {
    if (index == chunks.size()) {
      if (index > 0) {
        publishSent(chunks.get(index - 1));
      }
      return Future.succeededFuture();
    }
    OutboxChunk chunk = chunks.get(index);
    return pacedSend(chunk, SendPermit.ALWAYS).transform(sent -> sent.failed()
        ? giveUp(chunks, index, sent.cause())
        : outbox.markSent(chunk.id(), sent.result())
            .recover(failure -> {
              // Sent all the same: the user has it, the worst outcome is a second copy after a restart.
              LOG.warn("{}: chunk {} of the reply to {} sent but not marked sent: {}", channel, chunk.sequence(),
                  chunk.inboundId(), failure.getMessage());
              return Future.succeededFuture();
            })
            .compose(marked -> send(chunks, index + 1)));
  }

  private Future<String> attempt(OutboxChunk chunk, SendPermit permit) {
    try {
      return platform.apply(chunk, permit);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> giveUp(List<OutboxChunk> chunks, int index, Throwable failure) {
    OutboxChunk failed = chunks.get(index);
    String reason = publishFailure(chunks, index, failure);
    List<Future<Void>> marked = new ArrayList<>();
    marked.add(outbox.markFailed(failed.id(), reason));
    for (OutboxChunk rest : chunks.subList(index + 1, chunks.size())) {
      marked.add(outbox.markFailed(rest.id(), "not sent: chunk " + failed.sequence() + " failed: " + reason));
    }
    return Future.all(marked).transform(done -> {
      if (done.failed()) {
        LOG.warn("{}: failed chunks of the reply to {} not marked failed, they are tried again after a restart: {}",
            channel, failed.inboundId(), done.cause().getMessage());
      }
      return Future.succeededFuture();
    });
  }

  /** A send's last chunk was accepted: {@code sent} on {@link Addresses#EVENTS} (a reply's is not published). */
  public void publishSent(OutboxChunk last) {
    if (SendReceipt.isSendId(last.inboundId())) {
      vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "sent").put("id", last.inboundId())
          .put("channel", channel).put("chatId", last.chatId()).put("chunks", last.sequence() + 1));
    }
  }

  /**
   * The chunk at {@code index} of one reply or send failed for good: logged and published as
   * {@code delivery_failed}. Returns the reason.
   */
  public String publishFailure(List<OutboxChunk> chunks, int index, Throwable failure) {
    OutboxChunk failed = chunks.get(index);
    int total = chunks.get(chunks.size() - 1).sequence() + 1;
    String reason = String.valueOf(failure.getMessage());
    LOG.warn("{}: reply to {} not delivered ({} of {} chunks sent): {}", channel, failed.inboundId(),
        failed.sequence(), total, reason);
    JsonObject event = new JsonObject().put("type", "delivery_failed").put("channel", channel)
        .put("inboundId", failed.inboundId()).put("chatId", failed.chatId()).put("reason", reason)
        .put("chunksSent", failed.sequence()).put("chunks", total)
        .mergeIn(failureDetails.apply(failed, failure));
    if (SendReceipt.isSendId(failed.inboundId())) {
      event.put("id", failed.inboundId()).remove("inboundId");
    }
    vertx.eventBus().publish(Addresses.EVENTS, event);
    return reason;
  }
}

package dev.switchboard.media;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.MediaRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * Downloads over the event bus ({@link Addresses#media}): the router, which reads files at turn time,
 * asks the channel that received the message, which holds the platform's credentials. The bytes cross
 * the bus once and are not kept by either side beyond the turn.
 */
public final class MediaBus {

  private static final int PERMANENT = 1;
  private static final int TRANSIENT = 2;
  /** Time for the bus itself, on top of the download's own deadline. */
  private static final long BUS_MARGIN_MS = 5_000;

  private MediaBus() {
  }

  /** The channel's side: answers download requests from its {@code source}. */
  public static MessageConsumer<JsonObject> serve(Vertx vertx, String channel, MediaSource source) {
    return vertx.eventBus().<JsonObject>consumer(Addresses.media(channel), request -> {
      MediaRef ref;
      long maxBytes;
      long deadline;
      try {
        ref = MediaRef.fromJson(request.body().getJsonObject("ref"));
        maxBytes = request.body().getLong("maxBytes");
        deadline = request.body().getLong("deadline");
      } catch (RuntimeException malformed) {
        request.fail(PERMANENT, "malformed media request");
        return;
      }
      Future<MediaFile> downloaded;
      try {
        downloaded = source.download(ref, maxBytes, deadline);
      } catch (RuntimeException e) {
        downloaded = Future.failedFuture(e);
      }
      downloaded.onSuccess(file -> request.reply(new JsonObject().put("mimeType", file.mimeType())
              .put("bytes", file.bytes().getBytes())))
          .onFailure(failure -> {
            if (failure instanceof MediaUnreadable unreadable) {
              request.fail(unreadable.transientFailure() ? TRANSIENT : PERMANENT, unreadable.getMessage());
            } else {
              request.fail(TRANSIENT, "the file could not be downloaded");
            }
          });
    });
  }

  /** The router's side: the file {@code ref} names, through the channel that received it. */
  public static Future<MediaFile> fetch(Vertx vertx, String channel, MediaRef ref, long maxBytes, long timeoutMs) {
    JsonObject request = new JsonObject().put("ref", ref.toJson()).put("maxBytes", maxBytes)
        .put("deadline", System.currentTimeMillis() + timeoutMs);
    return vertx.eventBus().<JsonObject>request(Addresses.media(channel), request,
            new DeliveryOptions().setSendTimeout(timeoutMs + BUS_MARGIN_MS))
        .transform(answered -> {
          if (answered.succeeded()) {
            JsonObject body = answered.result().body();
            return Future.succeededFuture(new MediaFile(io.vertx.core.buffer.Buffer.buffer(body.getBinary("bytes")),
                body.getString("mimeType")));
          }
          return Future.failedFuture(unreadable(answered.cause(), channel));
        });
  }

  private static MediaUnreadable unreadable(Throwable failure, String channel) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return new MediaUnreadable(reply.getMessage(), reply.failureCode() == TRANSIENT);
    }
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return new MediaUnreadable("the " + channel + " channel is not running", true);
    }
    return new MediaUnreadable("the download took too long", true);
  }
}

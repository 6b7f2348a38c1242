package dev.switchboard.channel.delivery;

import dev.switchboard.bus.DraftPiece;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Replies shown while they are written ({@code channels.<name>.streaming}): the pieces of each reply
 * are gathered and the platform is shown the text so far at most once per {@code minIntervalMs},
 * never with two calls for one reply in flight (a call that is slow delays the next, which then
 * carries all the text that came meanwhile). A preview that fails is only logged: the final reply,
 * from the outbox, is what the user must get.
 *
 * <p>When the final reply arrives, {@link #settle} stops the reply's previews and waits for the call
 * in flight, so that the final message never races a preview into a second message. A reply that will
 * not come is settled the same way, and then the platform takes back what it showed ({@link #withdraw}).
 * Not thread-safe: everything runs on the channel's context.
 */
public final class ReplyPreviews {

  /** How one platform shows a reply so far, and takes it back. */
  @FunctionalInterface
  public interface Platform {
    /**
     * Shows {@code textSoFar} (all of the reply written until now) as the preview of the reply to
     * {@code reply}'s message; completes once the platform answered.
     */
    Future<Void> show(DraftPiece reply, String textSoFar);

    /**
     * Takes back what this or an earlier run showed of the reply to {@code inboundId}, which will not come,
     * once no preview call is in flight. Nothing by default: a preview that vanishes by itself (an
     * ephemeral draft) leaves nothing to take back.
     */
    default Future<Void> withdraw(String inboundId) {
      return Future.succeededFuture();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ReplyPreviews.class);

  private final Vertx vertx;
  private final String channel;
  private final Platform platform;
  private final long minIntervalNanos;
  private final Map<String, Preview> previews = new HashMap<>();

  public ReplyPreviews(Vertx vertx, String channel, Platform platform, long minIntervalMs) {
    this.vertx = vertx;
    this.channel = channel;
    this.platform = platform;
    this.minIntervalNanos = TimeUnit.MILLISECONDS.toNanos(minIntervalMs);
  }

  private static final class Preview {
    final DraftPiece reply;
    final StringBuilder text = new StringBuilder();
    long lastShownAt;
    boolean everShown;
    boolean inFlight;
    long timer = -1;
    Promise<Void> settled;

    Preview(DraftPiece reply) {
      this.reply = reply;
    }
  }

  /** A piece of a reply being written. */
  public void piece(DraftPiece piece) {
    Preview preview = previews.computeIfAbsent(piece.inboundId(), id -> new Preview(piece));
    if (preview.settled != null) {
      return;
    }
    preview.text.append(piece.text());
    showWhenDue(preview);
  }

  /** The final reply to {@code inboundId} arrived: no more previews; completes when none is in flight. */
  public Future<Void> settle(String inboundId) {
    Preview preview = previews.get(inboundId);
    if (preview == null) {
      return Future.succeededFuture();
    }
    if (preview.settled == null) {
      preview.settled = Promise.promise();
      cancelTimer(preview);
      if (!preview.inFlight) {
        done(preview);
      }
    }
    return preview.settled.future();
  }

  /**
   * The reply to {@code inboundId} will not come (a person took the session while the model wrote it): no
   * more previews, and once none is in flight the platform takes back what it showed. A failure is only
   * logged, as a preview's is.
   */
  public Future<Void> withdraw(String inboundId) {
    return settle(inboundId).compose(settled -> platform.withdraw(inboundId)).recover(failure -> {
      LOG.warn("{}: the preview of the reply to {}, which will not come, was not taken back: {}", channel, inboundId,
          failure.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Forgets every preview (the channel stops). */
  public void stopAll() {
    previews.values().forEach(this::cancelTimer);
    previews.clear();
  }

  private void showWhenDue(Preview preview) {
    if (preview.inFlight || preview.timer >= 0) {
      return;
    }
    long waitNanos = preview.everShown ? preview.lastShownAt + minIntervalNanos - System.nanoTime() : 0;
    if (waitNanos <= 0) {
      show(preview);
    } else {
      preview.timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)), fired -> {
        preview.timer = -1;
        show(preview);
      });
    }
  }

  private void show(Preview preview) {
    if (preview.settled != null) {
      return;
    }
    preview.inFlight = true;
    int shownLength = preview.text.length();
    preview.everShown = true;
    preview.lastShownAt = System.nanoTime();
    Future<Void> shown;
    try {
      shown = platform.show(preview.reply, preview.text.toString());
    } catch (RuntimeException e) {
      shown = Future.failedFuture(e);
    }
    shown.onComplete(outcome -> {
      preview.inFlight = false;
      if (outcome.failed()) {
        LOG.debug("{}: preview of the reply to {} not shown: {}", channel, preview.reply.inboundId(),
            outcome.cause().getMessage());
      }
      if (preview.settled != null) {
        done(preview);
      } else if (preview.text.length() > shownLength) {
        showWhenDue(preview);
      }
    });
  }

  private void done(Preview preview) {
    previews.remove(preview.reply.inboundId());
    preview.settled.tryComplete();
  }

  private void cancelTimer(Preview preview) {
    if (preview.timer >= 0) {
      vertx.cancelTimer(preview.timer);
      preview.timer = -1;
    }
  }
}

package dev.switchboard.channel.slack;

import dev.switchboard.bus.DraftPiece;
import dev.switchboard.channel.delivery.ReplyPreviews;
import dev.switchboard.channel.delivery.SendPermit;
import dev.switchboard.channel.format.SlackMrkdwnFormat;
import dev.switchboard.store.PreviewLedger;
import dev.switchboard.store.ShownPreview;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Slack replies shown while they are written: in a thread, a native stream ({@code chat.startStream},
 * {@code appendStream}, {@code stopStream}); where that is not available (a top-level DM has no
 * thread to stream in, a workspace answers {@code channel_type_not_supported}, a stream stopped
 * streaming), a message posted with the text so far and edited with {@code chat.update}. The final
 * reply then lands in that same message, so the user never gets a preview and a final as two
 * messages. Everything runs on the channel's context.
 *
 * <p>Each message is kept in the {@link PreviewLedger} from its first preview until the final landed
 * in it, so that a bridge that died in between finishes it at its next start ({@link #resume}): a
 * stream left open is stopped, and the reply, written again, lands in it with {@code chat.update}. A
 * reply that will not come ({@link #withdraw}) has its message deleted and forgotten.
 */
final class SlackLiveReplies implements ReplyPreviews.Platform {

  private static final Logger LOG = LoggerFactory.getLogger(SlackLiveReplies.class);

  /** One reply's message while it is written. */
  private static final class Live {
    final String channel;
    final String ts;
    boolean streaming;
    String shown;
    /** A stream a dead run left open: stopped before the message is edited. */
    boolean leftStreaming;

    Live(String channel, String ts, boolean streaming, String shown) {
      this.channel = channel;
      this.ts = ts;
      this.streaming = streaming;
      this.shown = shown;
    }
  }

  private final SlackClient client;
  private final SlackMrkdwnFormat mrkdwn;
  private final PreviewLedger ledger;
  private final Map<String, Live> live = new HashMap<>();
  /** Set once the workspace refused a stream: later replies go straight to post-and-edit. */
  private boolean streamsRefused;

  SlackLiveReplies(SlackClient client, SlackMrkdwnFormat mrkdwn, PreviewLedger ledger) {
    this.client = client;
    this.mrkdwn = mrkdwn;
    this.ledger = ledger;
  }

  /**
   * The messages the last run showed replies in and did not finish: their replies, written again
   * (or sent from the outbox), land in them rather than in new messages. Call before any preview.
   */
  Future<Void> resume() {
    return ledger.unfinished(SlackVerticle.NAME).map(previews -> {
      previews.forEach(this::adopt);
      return null;
    });
  }

  private void adopt(ShownPreview preview) {
    Live left = new Live(preview.chatId(), preview.messageId(), false, "");
    left.leftStreaming = preview.streamed();
    live.put(preview.inboundId(), left);
  }

  /** Shows the reply so far: starts its message, or brings it up to date. */
  @Override
  public Future<Void> show(DraftPiece reply, String textSoFar) {
    Live current = live.get(reply.inboundId());
    if (current == null) {
      return start(reply, textSoFar);
    }
    if (current.streaming) {
      String more = textSoFar.substring(current.shown.length());
      return client.appendStream(current.channel, current.ts, more)
          .onSuccess(appended -> current.shown = textSoFar)
          .recover(failure -> {
            LOG.debug("slack: stream {} stopped streaming ({}); editing it instead", current.ts, failure.getMessage());
            current.streaming = false;
            return edit(current, textSoFar, SendPermit.ALWAYS);
          });
    }
    return edit(current, textSoFar, SendPermit.ALWAYS);
  }

  /**
   * The final text for the reply's first message: lands in the message shown so far and completes
   * with its {@code ts}, and the message is forgotten; null when nothing was shown, and the caller
   * posts as usual. Each call that puts text in it after a wait goes only while {@code permit} holds
   * (the chunk's, in a cluster); previews need none, as no claim covers them.
   */
  Future<String> finish(String inboundId, String finalText, SendPermit permit) {
    Live current = live.remove(inboundId);
    if (current == null) {
      return null;
    }
    Future<Void> landed;
    if (!current.streaming) {
      landed = edit(current, finalText, permit);
    } else if (finalText.startsWith(current.shown)) {
      landed = client.stopStream(current.channel, current.ts, finalText.substring(current.shown.length()), permit);
    } else {
      // The final text is not what was streamed (an apology after a model broke off): replace it.
      landed = stopThenUpdate(current, finalText, permit);
    }
    return landed.compose(done -> forget(inboundId)).map(current.ts);
  }

  /**
   * The reply will not come (a person took the session while the model wrote it): its message, which holds
   * the bot's half answer, is deleted, so that the customer is not left with it, and forgotten, so that no
   * later start adopts it to wait for that reply. A stream, this run's or one a dead run left open, is
   * stopped first if Slack still can (whether a message still streaming can be deleted is not documented).
   * Nothing to do when no message was started. Never fails: a message left is only logged.
   */
  @Override
  public Future<Void> withdraw(String inboundId) {
    Live current = live.remove(inboundId);
    if (current == null) {
      return Future.succeededFuture();
    }
    Future<Void> stopped = current.streaming || current.leftStreaming
        ? client.stopStream(current.channel, current.ts, "", SendPermit.ALWAYS).otherwiseEmpty()
        : Future.succeededFuture();
    return stopped.compose(done -> client.delete(current.channel, current.ts)).recover(failure -> {
      LOG.warn("slack: the preview of the reply to {}, which will not come, is left in {} ({}): {}", inboundId,
          current.channel, current.ts, failure.getMessage());
      return Future.succeededFuture();
    }).compose(deleted -> forget(inboundId));
  }

  /** The message waits for no reply any more: the next start need not adopt it. */
  private Future<Void> forget(String inboundId) {
    return ledger.forget(SlackVerticle.NAME, inboundId).recover(failure -> {
      // Harmless: the next start adopts the message, and no reply lands in it again.
      LOG.warn("slack: the preview of the reply to {} is done with but still kept: {}", inboundId,
          failure.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<Void> start(DraftPiece reply, String textSoFar) {
    if (reply.threadId() == null || streamsRefused) {
      return post(reply, textSoFar);
    }
    boolean direct = reply.chatId().startsWith("D");
    return client.startStream(reply.chatId(), reply.threadId(), direct ? null : reply.senderId(),
            direct ? null : reply.accountId(), textSoFar)
        .compose(ts -> keep(reply, new Live(reply.chatId(), ts, true, textSoFar)))
        .recover(failure -> {
          if (failure instanceof SlackApiException api && !"ratelimited".equals(api.error())) {
            LOG.info("slack: streaming refused ({}); replies are posted and edited instead", api.error());
            streamsRefused = true;
            return post(reply, textSoFar);
          }
          return Future.failedFuture(failure);
        });
  }

  private Future<Void> post(DraftPiece reply, String textSoFar) {
    return client.postMessage(reply.chatId(), reply.threadId(), mrkdwn.render(textSoFar), SendPermit.ALWAYS)
        .compose(ts -> keep(reply, new Live(reply.chatId(), ts, false, textSoFar)));
  }

  /**
   * The reply's message now exists: kept in memory and in the ledger, before the preview counts as
   * shown (so before the final can be sent). A ledger that fails costs only the crash case: logged.
   */
  private Future<Void> keep(DraftPiece reply, Live message) {
    live.put(reply.inboundId(), message);
    return ledger.remember(new ShownPreview(SlackVerticle.NAME, reply.inboundId(), message.channel, message.ts,
            message.streaming))
        .recover(failure -> {
          LOG.warn("slack: the preview of the reply to {} is not kept; a crash before its final would leave it "
              + "beside a second message: {}", reply.inboundId(), failure.getMessage());
          return Future.succeededFuture();
        });
  }

  /** Puts {@code text} in the message; a stream a dead run left open is stopped first (if Slack still can). */
  private Future<Void> edit(Live current, String text, SendPermit permit) {
    Future<Void> edited;
    if (current.leftStreaming) {
      current.leftStreaming = false;
      edited = stopThenUpdate(current, text, permit);
    } else {
      edited = client.update(current.channel, current.ts, mrkdwn.render(text), permit);
    }
    return edited.onSuccess(done -> current.shown = text);
  }

  /**
   * Stops the message's stream with nothing more (if Slack still can), then puts {@code text} in it. The
   * stop lands no text and a stream left open helps nobody, so it goes whoever holds the chat; the text
   * goes only while {@code permit} still holds after it, as after any wait.
   */
  private Future<Void> stopThenUpdate(Live current, String text, SendPermit permit) {
    return client.stopStream(current.channel, current.ts, "", SendPermit.ALWAYS)
        .transform(stopped -> permit.confirmed())
        .compose(go -> client.update(current.channel, current.ts, mrkdwn.render(text), permit));
  }
}

package dev.switchboard.channel.slack;

import dev.switchboard.bus.DraftPiece;
import dev.switchboard.channel.format.SlackMrkdwnFormat;
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
 */
final class SlackLiveReplies {

  private static final Logger LOG = LoggerFactory.getLogger(SlackLiveReplies.class);

  /** One reply's message while it is written. */
  private static final class Live {
    final String channel;
    final String ts;
    boolean streaming;
    String shown;

    Live(String channel, String ts, boolean streaming, String shown) {
      this.channel = channel;
      this.ts = ts;
      this.streaming = streaming;
      this.shown = shown;
    }
  }

  private final SlackClient client;
  private final SlackMrkdwnFormat mrkdwn;
  private final Map<String, Live> live = new HashMap<>();
  /** Set once the workspace refused a stream: later replies go straight to post-and-edit. */
  private boolean streamsRefused;

  SlackLiveReplies(SlackClient client, SlackMrkdwnFormat mrkdwn) {
    this.client = client;
    this.mrkdwn = mrkdwn;
  }

  /** Shows the reply so far: starts its message, or brings it up to date. */
  Future<Void> show(DraftPiece reply, String textSoFar) {
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
            return edit(current, textSoFar);
          });
    }
    return edit(current, textSoFar);
  }

  /**
   * The final text for the reply's first message: lands in the message shown so far and completes
   * with its {@code ts}; null when nothing was shown, and the caller posts as usual.
   */
  Future<String> finish(String inboundId, String finalText) {
    Live current = live.remove(inboundId);
    if (current == null) {
      return null;
    }
    if (!current.streaming) {
      return edit(current, finalText).map(current.ts);
    }
    if (finalText.startsWith(current.shown)) {
      return client.stopStream(current.channel, current.ts, finalText.substring(current.shown.length()))
          .map(current.ts);
    }
    // The final text is not what was streamed (an apology after a model broke off): replace it.
    return client.stopStream(current.channel, current.ts, "")
        .transform(stopped -> client.update(current.channel, current.ts, mrkdwn.render(finalText)))
        .map(current.ts);
  }

  private Future<Void> start(DraftPiece reply, String textSoFar) {
    if (reply.threadId() == null || streamsRefused) {
      return post(reply, textSoFar);
    }
    boolean direct = reply.chatId().startsWith("D");
    return client.startStream(reply.chatId(), reply.threadId(), direct ? null : reply.senderId(),
            direct ? null : reply.accountId(), textSoFar)
        .map(ts -> {
          live.put(reply.inboundId(), new Live(reply.chatId(), ts, true, textSoFar));
          return (Void) null;
        })
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
    return client.postMessage(reply.chatId(), reply.threadId(), mrkdwn.render(textSoFar))
        .map(ts -> {
          live.put(reply.inboundId(), new Live(reply.chatId(), ts, false, textSoFar));
          return (Void) null;
        });
  }

  private Future<Void> edit(Live current, String text) {
    return client.update(current.channel, current.ts, mrkdwn.render(text)).onSuccess(edited -> current.shown = text);
  }
}

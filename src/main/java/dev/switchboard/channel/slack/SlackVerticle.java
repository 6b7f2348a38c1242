package dev.switchboard.channel.slack;

import dev.switchboard.channel.NodeBusyException;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.ChannelVerticle;
import dev.switchboard.store.DedupeLog;
import dev.switchboard.channel.delivery.Pacer;
import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.channel.delivery.SendPermit;
import dev.switchboard.channel.format.SlackMrkdwnFormat;
import dev.switchboard.media.BoundedDownload;
import dev.switchboard.media.MediaSource;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.Outbox;
import dev.switchboard.store.OutboxChunk;
import dev.switchboard.store.PreviewLedger;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Slack through the Events API and the Web API. At start it asks {@code auth.test} who the bot is,
 * so that its mentions and its own messages are recognised. {@code POST /webhooks/slack} verifies the
 * v0 signature, answers {@code url_verification}, parses the event, drops a message already seen
 * under either of its keys (its {@code channel}+{@code ts} here, its {@code event_id} in the gate),
 * runs the gate and answers 200 once the message is journaled, well within Slack's 3 s. A retry
 * ({@code X-Slack-Retry-Num}) goes through the same steps: a duplicate if its event was accepted,
 * processed if it never was. Replies are split in chunks of at most {@code textChunkLimit}
 * characters, each converted to mrkdwn and posted in the message's thread, within {@link #CHANNEL_PACE}.
 */
public final class SlackVerticle extends ChannelVerticle {

  public static final String NAME = "slack";
  public static final String WEBHOOK_PATH = "/webhooks/slack";
  /** {@code chat.postMessage} allows about one message a second per channel, with short bursts. */
  public static final Pacer.Rate CHANNEL_PACE = new Pacer.Rate(1, 3);

  private static final Logger LOG = LoggerFactory.getLogger(SlackVerticle.class);
  private static final String RETRY_NUM_HEADER = "X-Slack-Retry-Num";
  private static final String NO_RETRY_HEADER = "X-Slack-No-Retry";

  private final SlackOptions options;
  private final ChannelGate gate;
  private final DedupeLog dedupe;
  private final SlackSignature signature;
  private final SlackMrkdwnFormat mrkdwn = new SlackMrkdwnFormat();
  /** Whether a refused signature was already logged at WARN. */
  private boolean signatureFailureLogged;
  private SlackClient client;
  private Pacer pacer;
  /** Between two previews of one reply, in milliseconds; 0 when replies are not streamed. */
  private long previewIntervalMs;
  private PreviewLedger previewLedger;
  private SlackLiveReplies liveReplies;
  private BoundedDownload downloads;
  /** Written in prepare(), before the webhook is registered. */
  private SlackEventParser parser;

  /**
   * @param gate   the channel's gate; it must deduplicate with the same {@code dedupe} log
   * @param dedupe where the second key of each message ({@code channel}+{@code ts}) is recorded
   */
  public SlackVerticle(WebhookRoutes webhooks, SlackOptions options, ChannelGate gate, DedupeLog dedupe, Inbox inbox,
                       Outbox outbox, Clock clock) {
    super(webhooks, inbox, outbox, options.common().textChunkLimit());
    if (!options.complete()) {
      throw new IllegalArgumentException("Slack cannot start: " + String.join("; ", options.missing()));
    }
    this.options = options;
    this.gate = gate;
    this.dedupe = dedupe;
    this.signature = new SlackSignature(options.signingSecret(), clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Shows replies as they are written, at most every {@code minIntervalMs}: streamed in threads,
   * posted and edited elsewhere; the final reply lands in the same message, even after a restart
   * (each message is kept in {@code ledger} until then).
   */
  public SlackVerticle streamingReplies(long minIntervalMs, PreviewLedger ledger) {
    previewIntervalMs = minIntervalMs;
    previewLedger = ledger;
    return this;
  }

  @Override
  protected Future<Void> prepare() {
    client = new SlackClient(vertx, options);
    pacer = new Pacer(vertx, null, CHANNEL_PACE);
    Future<Void> resumed = Future.succeededFuture();
    if (previewIntervalMs > 0) {
      liveReplies = new SlackLiveReplies(client, mrkdwn, previewLedger);
      previewReplies(liveReplies, previewIntervalMs);
      resumed = liveReplies.resume();
    }
    downloads = new BoundedDownload(vertx);
    return resumed.compose(ready -> client.authTest())
        .recover(failure -> Future.failedFuture("Slack channel not started: " + failure.getMessage()))
        .map(bot -> {
          LOG.info("slack: connected as {} ({}) in workspace {} ({})", bot.userId(), bot.botId(), bot.team(),
              bot.teamId());
          parser = new SlackEventParser(bot);
          return null;
        });
  }

  /** Shared files, with the bot token (scope {@code files:read}), for the router to read. */
  @Override
  protected MediaSource mediaSource() {
    return new SlackMediaSource(downloads, options);
  }

  @Override
  protected void mountWebhooks() {
    webhook(HttpMethod.POST, WEBHOOK_PATH, this::onEvent);
  }


  /**
   * As mrkdwn, in the message's thread; completes with the new message's {@code ts}. The first chunk
   * of a reply shown while it was written goes into that message instead.
   */
  @Override
  protected Future<String> sendChunk(OutboxChunk chunk, SendPermit permit) {
    if (liveReplies != null && chunk.sequence() == 0) {
      Future<String> finished = liveReplies.finish(chunk.inboundId(), chunk.text(), permit);
      if (finished != null) {
        return finished;
      }
    }
    return client.postMessage(chunk.chatId(), chunk.threadId(), mrkdwn.render(chunk.text()), permit);
  }

  @Override
  protected Pacer pacer() {
    return pacer;
  }

  /** Slack's error code ({@code not_in_channel}, {@code is_archived}…). */
  @Override
  protected JsonObject failureDetails(OutboxChunk chunk, Throwable failure) {
    return new JsonObject().put("error", failure instanceof SlackApiException api ? api.error() : "internal_error");
  }

  @Override
  public Future<?> stop() {
    return super.stop().andThen(stopped -> {
      if (client != null) {
        client.close();
        downloads.close();
      }
    });
  }

  private void onEvent(RoutingContext ctx) {
    SlackSignature.Check check = signature.verify(ctx.request().headers(), ctx.body().buffer());
    if (check != SlackSignature.Check.VALID) {
      // Loud once: a wrong signingSecret fails every request, and forgeries must not flood the log.
      if (!signatureFailureLogged) {
        signatureFailureLogged = true;
        LOG.warn("slack: request from {} refused (401): signature {}; check channels.slack.signingSecret "
            + "(further refusals are logged at DEBUG)", ctx.request().remoteAddress(), check);
      } else {
        LOG.debug("slack: request from {} refused: signature {}", ctx.request().remoteAddress(), check);
      }
      ctx.fail(401);
      return;
    }
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      // Signed by Slack yet unreadable: a retry would be just as unreadable.
      ctx.response().putHeader(NO_RETRY_HEADER, "1");
      ctx.fail(400);
      return;
    }
    SlackEvent event = parser.parse(body);
    if (event instanceof SlackEvent.Message message) {
      accept(ctx, message);
    } else if (event instanceof SlackEvent.UrlVerification verification) {
      ctx.response().putHeader("Content-Type", "text/plain").end(verification.challenge());
    } else {
      LOG.debug("slack: event {} ignored: {}", body.getValue("event_id"), ((SlackEvent.Ignored) event).reason());
      ctx.response().end();
    }
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void accept(RoutingContext ctx, SlackEvent.Message event) {
    String retry = ctx.request().getHeader(RETRY_NUM_HEADER);
    if (retry != null) {
      LOG.debug("slack: {} is retry {} ({})", event.message().id(), retry,
          ctx.request().getHeader("X-Slack-Retry-Reason"));
    }
    dedupe.firstSighting(event.messageKey())
        .compose(first -> {
          if (first) {
            return receive(gate, event.message()).mapEmpty();
          }
          LOG.debug("slack: {} dropped: {} already seen", event.message().id(), event.messageKey());
          return Future.<Void>succeededFuture();
        })
        .onSuccess(done -> ctx.response().end())
        .onFailure(failure -> {
          // Slack retries a 5xx: the message is not lost while the dedupe log is unavailable.
          dedupe.forget(event.messageKey());
          if (!(failure instanceof NodeBusyException)) {
            LOG.warn("slack: {} not accepted, Slack will retry: {}", event.message().id(), failure.getMessage());
          }
          ctx.response().setStatusCode(503).end();
        });
  }
}

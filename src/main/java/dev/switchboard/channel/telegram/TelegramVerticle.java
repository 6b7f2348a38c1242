package dev.switchboard.channel.telegram;

import dev.switchboard.channel.NodeBusyException;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.DraftPiece;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.gate.GateDecision;
import dev.switchboard.http.ErrorReply;
import dev.switchboard.channel.ChannelVerticle;
import dev.switchboard.channel.delivery.Pacer;
import dev.switchboard.channel.delivery.TypingIndicator;
import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.channel.delivery.SendPermit;
import dev.switchboard.channel.format.TelegramHtmlFormat;
import dev.switchboard.media.BoundedDownload;
import dev.switchboard.media.MediaSource;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.Outbox;
import dev.switchboard.store.OutboxChunk;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;


/**
 * The Telegram channel. Inbound, {@code POST /webhooks/telegram}: secret header, parse, gate, then
 * the update is acknowledged once journaled (the model never runs inside the handler) and, when
 * admitted, published on {@link Addresses#INBOUND}; "typing…" shows once a model answers it
 * ({@link #modelAnswering}), never for a chat kept for a person. Outbound, a {@link Reply}
 * is split in chunks of at most {@code textChunkLimit} UTF-16 units, each sent as Telegram HTML to the
 * same chat and topic, the first one quoting the question, within {@link #OVERALL_PACE} and
 * {@link #CHAT_PACE}.
 */
public final class TelegramVerticle extends ChannelVerticle {

  /** Telegram clears "typing…" after 5 s; refreshing a little earlier keeps it steady. */
  public static final long TYPING_INTERVAL_MS = 4_000;
  public static final String WEBHOOK_PATH = "/webhooks/telegram";
  /** Telegram's bulk limit: about 30 messages a second across all chats. */
  public static final Pacer.Rate OVERALL_PACE = new Pacer.Rate(30, 30);
  /** About one message a second per chat, with short bursts (Bot FAQ): a three-chunk reply goes at once. */
  public static final Pacer.Rate CHAT_PACE = new Pacer.Rate(1, 3);

  private static final Logger LOG = LoggerFactory.getLogger(TelegramVerticle.class);

  private final TelegramOptions options;
  private final ChannelGate gate;
  private final long turnTimeoutMs;
  private final WebhookSecretToken secret;
  private final TelegramHtmlFormat html = new TelegramHtmlFormat();
  private final QuotedMessages quoted = new QuotedMessages(QuotedMessages.DEFAULT_CAPACITY);
  private TelegramClient client;
  private TelegramSender sender;
  private TypingIndicator typing;
  private BoundedDownload downloads;
  private Pacer pacer;
  private UpdateParser parser;
  /** Between two drafts of one reply, in milliseconds; 0 when replies are not streamed. */
  private long draftIntervalMs;

  /**
   * @param turnTimeoutMs the longest a turn can take ({@code agents.defaults.timeoutSeconds}): typing
   *                      stops then even when no reply comes
   * @throws IllegalArgumentException when the options lack a secret ({@link TelegramOptions#missing()})
   */
  public TelegramVerticle(WebhookRoutes webhooks, TelegramOptions options, ChannelGate gate, Inbox inbox,
                          Outbox outbox, long turnTimeoutMs) {
    super(webhooks, inbox, outbox, options.channel().textChunkLimit());
    if (!options.isComplete()) {
      throw new IllegalArgumentException("telegram channel cannot start: " + String.join("; ", options.missing()));
    }
    this.options = options;
    this.gate = gate;
    this.turnTimeoutMs = turnTimeoutMs;
    this.secret = new WebhookSecretToken(options.webhookSecret());
  }

  @Override
  public String name() {
    return "telegram";
  }

  /**
   * Shows replies in private chats as they are written, with {@code sendMessageDraft} at most every
   * {@code minIntervalMs}; the final {@code sendMessage} replaces the draft (groups keep "typing…").
   */
  public TelegramVerticle streamingReplies(long minIntervalMs) {
    draftIntervalMs = minIntervalMs;
    return this;
  }

  /** Learns the bot's id and username, without which mentions and its own messages go unrecognised. */
  @Override
  protected Future<Void> prepare() {
    client = new TelegramClient(vertx, options);
    sender = new TelegramSender(vertx, client, options);
    pacer = Pacer.oneAccount(vertx, OVERALL_PACE, CHAT_PACE);
    typing = new TypingIndicator(vertx, TYPING_INTERVAL_MS, Math.max(TYPING_INTERVAL_MS, turnTimeoutMs));
    if (draftIntervalMs > 0) {
      // A draft whose reply will not come is left to vanish (Telegram drops it within 30 s, or at the chat's next
      // message): there is no call to remove one, and an empty draft would show "Thinking…".
      previewReplies(this::showDraft, draftIntervalMs);
    }
    downloads = new BoundedDownload(vertx);
    return client.getMe()
        .recover(failure -> Future.failedFuture("telegram: cannot learn who the bot is: " + failure.getMessage()
            + " (check channels.telegram.botToken and apiBaseUrl)"))
        .map(bot -> {
          parser = new UpdateParser(bot, options.channel().requireMention());
          LOG.info("telegram: ready as @{} ({})", bot.username(), bot.id());
          return null;
        });
  }

  /** Photos, voice notes and documents, with the bot token, for the router to read. */
  @Override
  protected MediaSource mediaSource() {
    return new TelegramMediaSource(client, downloads, options);
  }

  @Override
  protected void mountWebhooks() {
    webhook(HttpMethod.POST, WEBHOOK_PATH, this::onUpdate);
  }

  @Override
  public Future<?> stop() {
    if (typing != null) {
      typing.stopAll();
    }
    return super.stop().onComplete(stopped -> {
      if (client != null) {
        client.close();
        downloads.close();
      }
    });
  }

  private void onUpdate(RoutingContext ctx) {
    if (!secret.matches(ctx.request().getHeader(WebhookSecretToken.HEADER))) {
      ErrorReply.send(ctx, 401, "authentication_error", "missing or wrong " + WebhookSecretToken.HEADER);
      return;
    }
    ParsedUpdate parsed;
    try {
      JsonObject update = ctx.body().asJsonObject();
      if (update == null) {
        throw new IllegalArgumentException("body must be a JSON object");
      }
      parsed = parser.parse(update);
    } catch (DecodeException | ClassCastException notJson) {
      ErrorReply.send(ctx, 400, "invalid_request_error", "body is not a JSON object");
      return;
    } catch (IllegalArgumentException malformed) {
      ErrorReply.send(ctx, 400, "invalid_request_error", malformed.getMessage());
      return;
    }
    if (parsed instanceof ParsedUpdate.Accepted accepted) {
      admit(ctx, accepted);
    } else {
      LOG.debug("telegram: update ignored: {}", ((ParsedUpdate.Ignored) parsed).reason());
      acknowledge(ctx);
    }
  }

  private void admit(RoutingContext ctx, ParsedUpdate.Accepted accepted) {
    InboundMessage message = accepted.message();
    quoted.remember(message.id(), accepted.messageId());
    receive(gate, message).onComplete(decided -> {
      if (decided.failed()) {
        // not journaled: a 503 makes Telegram send it again later
        if (!(decided.cause() instanceof NodeBusyException)) {
          LOG.warn("telegram: {} not admitted, Telegram will retry: {}", message.id(), decided.cause().getMessage());
        }
        quoted.take(message.id());
        ErrorReply.send(ctx, 503, "server_error", "try again later");
        return;
      }
      // A published message or the gate's notice gets a reply quoting it; an ignored one never does.
      if (decided.result().action() == GateDecision.Action.IGNORE) {
        quoted.take(message.id());
      }
      acknowledge(ctx);
    });
  }

  /** "typing…" in the chat and topic, refreshed until the reply comes or the turn's time is up. */
  @Override
  protected void modelAnswering(InboundMessage message) {
    typing.start(chatKey(message.chatId(), message.threadId()),
        () -> sender.sendTyping(Long.parseLong(message.chatId()), threadId(message.threadId())));
  }

  @Override
  protected void replyArrived(Reply reply) {
    typing.stop(chatKey(reply.chatId(), reply.threadId()));
  }


  /**
   * The draft shows the reply so far as plain text (half-written Markdown would not parse), the part
   * that will be its last message when it is longer than one. Drafts exist in private chats only
   * (a positive chat id).
   */
  private Future<Void> showDraft(DraftPiece reply, String textSoFar) {
    long chat;
    Long thread;
    try {
      chat = Long.parseLong(reply.chatId());
      thread = threadId(reply.threadId());
    } catch (NumberFormatException notTelegram) {
      return Future.failedFuture("not a Telegram chat " + reply.chatId());
    }
    if (chat <= 0) {
      return Future.succeededFuture();
    }
    typing.stop(chatKey(reply.chatId(), reply.threadId()));
    List<String> chunks = split(textSoFar);
    if (chunks.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.sendMessageDraft(chat, thread, draftId(reply.inboundId()), chunks.get(chunks.size() - 1));
  }

  /** One draft per reply, non-zero as Telegram requires, the same for every update of it. */
  static long draftId(String inboundId) {
    return (inboundId.hashCode() & 0x7fffffffL) + 1;
  }

  /** HTML, with the Markdown source as the plain-text fallback; the first chunk of a reply quotes the question. */
  @Override
  protected Future<String> sendChunk(OutboxChunk chunk, SendPermit permit) {
    long chat;
    Long thread;
    try {
      chat = Long.parseLong(chunk.chatId());
      thread = threadId(chunk.threadId());
    } catch (NumberFormatException notTelegram) {
      return Future.failedFuture("not a Telegram chat " + chunk.chatId() + " or topic " + chunk.threadId());
    }
    Long quote = chunk.sequence() == 0 ? quoted.take(chunk.inboundId()) : null;
    OutgoingText text = new OutgoingText(chat, thread, html.render(chunk.text()), OutgoingText.HTML, quote);
    return sender.send(text, chunk.text(), permit).map(String::valueOf);
  }

  @Override
  protected Pacer pacer() {
    return pacer;
  }

  /** Telegram's error code, and the chat a migrated group became. */
  @Override
  protected JsonObject failureDetails(OutboxChunk chunk, Throwable failure) {
    JsonObject details = new JsonObject();
    if (failure instanceof TelegramApiException api) {
      details.put("errorCode", api.errorCode())
          .put("chatId", Long.toString(sender.currentChatId(Long.parseLong(chunk.chatId()))));
    }
    return details;
  }

  private static Long threadId(String threadId) {
    return threadId == null ? null : Long.valueOf(threadId);
  }

  private static String chatKey(String chatId, String threadId) {
    return threadId == null ? chatId : chatId + ":" + threadId;
  }

  private static void acknowledge(RoutingContext ctx) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(200).end();
    }
  }
}

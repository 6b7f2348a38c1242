package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Refusal;
import dev.switchboard.bus.RefusedRequest;
import dev.switchboard.bus.Reply;
import dev.switchboard.bus.SendRequest;
import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.channel.ChannelVerticle;
import dev.switchboard.channel.delivery.Pacer;
import dev.switchboard.channel.delivery.TypingIndicator;
import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.channel.delivery.SendPermit;
import dev.switchboard.channel.format.WhatsAppFormat;
import dev.switchboard.media.BoundedDownload;
import dev.switchboard.media.MediaSource;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.KnownChat;
import dev.switchboard.store.Outbox;
import dev.switchboard.store.OutboxChunk;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The WhatsApp channel. Inbound, {@code GET/POST /webhooks/whatsapp} ({@link WhatsAppWebhook}):
 * every message of a batch goes through the {@link ChannelGate}; text is published on
 * {@link Addresses#INBOUND}, and once a model answers it ({@link #modelAnswering}) the user sees it
 * read, with "typing…", until the reply goes out; so are images, voice notes and documents, which the
 * router reads through this channel's {@link WhatsAppMediaSource}. Orders and other unreadable types
 * get a short note instead. The webhook is answered as soon as each message is decided and journaled,
 * never after the model. Failed statuses are reported on
 * {@link Addresses#EVENTS}. Outbound, a {@link Reply} is split in chunks of at most
 * {@code textChunkLimit} characters, each sent as WhatsApp markup from the number that received the
 * question, at most {@link #MESSAGES_PER_SECOND} a second per business number.
 *
 * <p>Sends to people ({@code switchboard.send}): a text only inside the 24-hour customer-service
 * window (the user wrote less than 24 hours ago), else refused at once with {@code window_closed};
 * a template at any time. After Meta's pair limit (131056) a user gets one message every
 * {@link #PAIR_LIMIT_INTERVAL}. A {@code failed} status names the send it belongs to.
 */
public final class WhatsAppVerticle extends ChannelVerticle {

  /** The answer to an order or anything else the bridge cannot read. */
  public static final String TEXT_ONLY_NOTICE = "I can only read text messages for now.";

  /** Meta's default throughput of a business number (it grows to 1,000 by itself). */
  public static final int MESSAGES_PER_SECOND = 80;
  /** WhatsApp's customer-service window: free-form messages only this long after the user's last one. */
  public static final Duration SERVICE_WINDOW = Duration.ofHours(24);
  /** After a 131056, one message to that user this often (Meta's pair limit). */
  public static final Duration PAIR_LIMIT_INTERVAL = Duration.ofSeconds(6);
  /** How long a user stays paced that way after a 131056. */
  static final Duration PAIR_LIMIT_MEMORY = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppVerticle.class);

  private final WhatsAppOptions options;
  private final ChannelGate gate;
  private final long turnTimeoutMs;
  private final WhatsAppFormat format = new WhatsAppFormat();
  private WhatsAppClient client;
  private TypingIndicator typing;
  private BoundedDownload downloads;
  private Pacer pacer;

  /**
   * @param turnTimeoutMs the longest a turn can take ({@code agents.defaults.timeoutSeconds}): typing
   *                      stops then even when no reply comes
   * @throws IllegalArgumentException when the options lack a secret ({@link WhatsAppOptions#missingSecrets()})
   */
  public WhatsAppVerticle(WebhookRoutes webhooks, WhatsAppOptions options, ChannelGate gate, Inbox inbox,
                          Outbox outbox, long turnTimeoutMs) {
    super(webhooks, inbox, outbox, options.channel().textChunkLimit());
    if (!options.startable()) {
      throw new IllegalArgumentException("whatsapp channel cannot start: "
          + String.join("; ", options.missingSecrets()));
    }
    this.options = options;
    this.gate = gate;
    this.turnTimeoutMs = turnTimeoutMs;
  }

  @Override
  public String name() {
    return WhatsAppChannel.NAME;
  }

  @Override
  protected Future<Void> prepare() {
    pacer = new Pacer(vertx, new Pacer.Rate(MESSAGES_PER_SECOND, MESSAGES_PER_SECOND), null);
    client = new WhatsAppClient(vertx, options).onPairRateLimit((number, user) -> pacer.slowDown(number, user,
        PAIR_LIMIT_INTERVAL.toMillis(), PAIR_LIMIT_MEMORY.toMillis()));
    typing = new TypingIndicator(vertx, options.typingRefreshMs(), Math.max(options.typingRefreshMs(), turnTimeoutMs));
    downloads = new BoundedDownload(vertx);
    return Future.succeededFuture();
  }

  @Override
  protected MediaSource mediaSource() {
    return new WhatsAppMediaSource(downloads, options);
  }

  @Override
  protected void mountWebhooks() {
    WhatsAppWebhook hook = new WhatsAppWebhook(options, this::onWebhook);
    webhook(HttpMethod.GET, WhatsAppWebhook.PATH, hook::verify);
    webhook(HttpMethod.POST, WhatsAppWebhook.PATH, hook::receive);
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

  private Future<?> onWebhook(WebhookContents contents) {
    for (DeliveryFailure failure : contents.deliveryFailures()) {
      LOG.warn("whatsapp: {} to {} was not delivered: error {} ({})", failure.messageId(), failure.chatId(),
          failure.code(), failure.reason());
      publishLateFailure(failure.messageId(), failure.toEvent());
    }
    return Future.all(contents.messages().stream().map(this::admit).toList());
  }

  private Future<?> admit(ReceivedMessage received) {
    InboundMessage message = received.message();
    if (received.readable()) {
      return receive(gate, message);
    }
    if (options.nonTextMessages() == NonTextMessages.IGNORE) {
      LOG.debug("whatsapp: {} message {} ignored (nonTextMessages: ignore)", received.type(), message.id());
      return Future.succeededFuture();
    }
    // Through the gate like text, so that age, duplicates, access and rate limits apply; never to the router.
    return gate.admit(message).onSuccess(decision -> {
      String text = switch (decision.action()) {
        case PUBLISH -> TEXT_ONLY_NOTICE;
        case REPLY -> decision.text();
        case IGNORE -> null;
      };
      if (text != null) {
        deliver(Reply.to(message, text, null, null));
      }
    });
  }

  /**
   * Marks the message (and those before it) read with "typing…", refreshed until the reply comes or the
   * turn's time is up.
   */
  @Override
  protected void modelAnswering(InboundMessage message) {
    typing.start(chatKey(message.accountId(), message.chatId()),
        () -> client.markReadAndTyping(message.accountId(), message.platformMessageId()));
  }

  @Override
  protected void replyArrived(Reply reply) {
    typing.stop(chatKey(reply.accountId(), reply.chatId()));
  }


  /**
   * As WhatsApp markup (or the template), from the number that received the question; completes with
   * the wamid.
   */
  @Override
  protected Future<String> sendChunk(OutboxChunk chunk, SendPermit permit) {
    String from = sender(chunk.accountId());
    if (from == null) {
      return Future.failedFuture("the reply names no business number (accountId) and "
          + "channels.whatsapp.phoneNumberId is not set");
    }
    return chunk.template() != null
        ? client.sendTemplate(from, chunk.chatId(), new JsonObject(chunk.template()), permit)
        : client.sendText(from, chunk.chatId(), format.render(chunk.text()), permit);
  }

  @Override
  protected Pacer pacer() {
    return pacer;
  }

  /**
   * Free-form text only within 24 hours of the user's last message (never, to a number that never
   * wrote); templates always. Either needs a business number to send from.
   */
  @Override
  protected RefusedRequest refuseSend(SendRequest request, KnownChat chat) {
    if (sender(request.accountId() != null ? request.accountId() : chat == null ? null : chat.accountId()) == null) {
      return new RefusedRequest(Refusal.INVALID_REQUEST, "no business number to send from: give accountId "
          + "(a phone_number_id) or set channels.whatsapp.phoneNumberId");
    }
    if (request.template() != null) {
      return null;
    }
    if (chat == null) {
      return new RefusedRequest(Refusal.WINDOW_CLOSED, request.chatId() + " never wrote to this number: only a "
          + "template may start the conversation");
    }
    long age = System.currentTimeMillis() - chat.lastInboundAt();
    return age < SERVICE_WINDOW.toMillis() ? null : new RefusedRequest(Refusal.WINDOW_CLOSED, request.chatId()
        + " last wrote " + Duration.ofMillis(age).toHours() + " hours ago, outside WhatsApp's 24-hour window: "
        + "send a template");
  }

  /** Inbound messages name the user by {@code wa_id}, the number without its {@code +}. */
  @Override
  protected String inboundChatId(String chatId) {
    return chatId.startsWith("+") ? chatId.substring(1) : chatId;
  }

  private String sender(String accountId) {
    return accountId != null ? accountId : options.phoneNumberId();
  }

  /** The Graph API error code (131047: the 24-hour window is closed), 0 when there is none. */
  @Override
  protected JsonObject failureDetails(OutboxChunk chunk, Throwable failure) {
    return new JsonObject().put("code", failure instanceof GraphApiException graph ? graph.code() : 0);
  }

  private static String chatKey(String accountId, String chatId) {
    return accountId + ":" + chatId;
  }
}

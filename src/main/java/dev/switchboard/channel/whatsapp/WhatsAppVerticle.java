package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.channel.ChannelGate;
import dev.switchboard.channel.ChannelVerticle;
import dev.switchboard.channel.GateDecision;
import dev.switchboard.channel.TypingIndicator;
import dev.switchboard.channel.WebhookRoutes;
import dev.switchboard.channel.format.WhatsAppFormat;
import dev.switchboard.media.BoundedDownload;
import dev.switchboard.media.MediaSource;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.Outbox;
import dev.switchboard.store.OutboxChunk;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The WhatsApp channel. Inbound, {@code GET/POST /webhooks/whatsapp} ({@link WhatsAppWebhook}):
 * every message of a batch goes through the {@link ChannelGate}; text is published on
 * {@link Addresses#INBOUND} and the user sees it read, with "typing…", until the reply goes out; so
 * are images, voice notes and documents, which the router reads through this channel's
 * {@link WhatsAppMediaSource}. Orders and other unreadable types get a short note instead. The webhook is answered as soon as
 * each message is decided and journaled, never after the model. Failed statuses are reported on
 * {@link Addresses#EVENTS}. Outbound, a {@link Reply} is split in chunks of at most
 * {@code textChunkLimit} characters, each sent as WhatsApp markup from the number that received the
 * question.
 */
public final class WhatsAppVerticle extends ChannelVerticle {

  /** The answer to an order or anything else the bridge cannot read. */
  public static final String TEXT_ONLY_NOTICE = "I can only read text messages for now.";

  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppVerticle.class);

  private final WhatsAppOptions options;
  private final ChannelGate gate;
  private final long turnTimeoutMs;
  private final WhatsAppFormat format = new WhatsAppFormat();
  private WhatsAppClient client;
  private TypingIndicator typing;
  private BoundedDownload downloads;

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
    client = new WhatsAppClient(vertx, options);
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
      vertx.eventBus().publish(Addresses.EVENTS, failure.toEvent());
    }
    return Future.all(contents.messages().stream().map(this::admit).toList());
  }

  private Future<?> admit(ReceivedMessage received) {
    InboundMessage message = received.message();
    if (received.readable()) {
      return receive(gate, message).onSuccess(decision -> {
        if (decision.action() == GateDecision.Action.PUBLISH) {
          typing.start(chatKey(message.accountId(), message.chatId()),
              () -> client.markReadAndTyping(message.accountId(), message.platformMessageId()));
        }
      });
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

  @Override
  protected void replyArrived(Reply reply) {
    typing.stop(chatKey(reply.accountId(), reply.chatId()));
  }


  /** As WhatsApp markup, from the number that received the question; completes with the wamid. */
  @Override
  protected Future<String> sendChunk(OutboxChunk chunk) {
    String from = chunk.accountId() != null ? chunk.accountId() : options.phoneNumberId();
    if (from == null) {
      return Future.failedFuture("the reply names no business number (accountId) and "
          + "channels.whatsapp.phoneNumberId is not set");
    }
    return client.sendText(from, chunk.chatId(), format.render(chunk.text()));
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

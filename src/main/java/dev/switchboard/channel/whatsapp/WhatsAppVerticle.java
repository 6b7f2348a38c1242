package dev.switchboard.channel.whatsapp;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.bus.Reply;
import dev.switchboard.channel.ChannelGate;
import dev.switchboard.channel.ChannelVerticle;
import dev.switchboard.channel.GateDecision;
import dev.switchboard.channel.TextChunker;
import dev.switchboard.channel.TypingIndicator;
import dev.switchboard.channel.format.WhatsAppFormat;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WhatsApp channel. Inbound, {@code GET/POST /webhooks/whatsapp} ({@link WhatsAppWebhook}):
 * every message of a batch goes through the {@link ChannelGate}; text is published on
 * {@link Addresses#INBOUND} and the user sees it read, with "typing…", until the reply goes out;
 * images, voice notes and the like get a short note instead. The webhook is answered as soon as
 * each message is decided, never after the model. Failed statuses are reported on
 * {@link Addresses#EVENTS}. Outbound, a {@link Reply} becomes WhatsApp markup in chunks of at most
 * {@code textChunkLimit} characters, sent in order from the number that received the question.
 */
public final class WhatsAppVerticle extends ChannelVerticle {

  /** The answer to an image, a voice note or anything else without text. */
  public static final String TEXT_ONLY_NOTICE = "I can only read text messages for now.";

  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppVerticle.class);

  private final WhatsAppOptions options;
  private final ChannelGate gate;
  private final long turnTimeoutMs;
  private final TextChunker chunker;
  private final WhatsAppFormat format = new WhatsAppFormat();
  private WhatsAppClient client;
  private TypingIndicator typing;

  /**
   * @param turnTimeoutMs the longest a turn can take ({@code agents.defaults.timeoutSeconds}): typing
   *                      stops then even when no reply comes
   * @throws IllegalArgumentException when the options lack a secret ({@link WhatsAppOptions#missingSecrets()})
   */
  public WhatsAppVerticle(Router gatewayRouter, WhatsAppOptions options, ChannelGate gate, long turnTimeoutMs) {
    super(gatewayRouter);
    if (!options.startable()) {
      throw new IllegalArgumentException("whatsapp channel cannot start: "
          + String.join("; ", options.missingSecrets()));
    }
    this.options = options;
    this.gate = gate;
    this.turnTimeoutMs = turnTimeoutMs;
    this.chunker = new TextChunker(options.channel().textChunkLimit());
  }

  @Override
  public String name() {
    return WhatsAppChannel.NAME;
  }

  @Override
  protected Future<Void> prepare() {
    client = new WhatsAppClient(vertx, options);
    typing = new TypingIndicator(vertx, options.typingRefreshMs(), Math.max(options.typingRefreshMs(), turnTimeoutMs));
    return Future.succeededFuture();
  }

  @Override
  protected void mountWebhooks(Router router) {
    new WhatsAppWebhook(options, this::onWebhook).mount(router);
  }

  @Override
  public Future<?> stop() {
    if (typing != null) {
      typing.stopAll();
    }
    return super.stop().onComplete(stopped -> {
      if (client != null) {
        client.close();
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
        send(Reply.to(message, text, null, null)).onFailure(failure ->
            LOG.warn("whatsapp: note to {} about {} not delivered: {}", message.chatId(), message.id(),
                failure.getMessage()));
      }
    });
  }

  @Override
  protected Future<Void> deliver(Reply reply) {
    typing.stop(chatKey(reply.accountId(), reply.chatId()));
    return send(reply);
  }

  /** Sends the chunks one after the other, each once the previous was accepted; reports a failure as an event. */
  private Future<Void> send(Reply reply) {
    String from = reply.accountId() != null ? reply.accountId() : options.phoneNumberId();
    if (from == null) {
      return Future.failedFuture("the reply names no business number (accountId) and "
          + "channels.whatsapp.phoneNumberId is not set");
    }
    Future<Void> sent = Future.succeededFuture();
    for (String markdown : chunker.split(reply.text())) {
      String text = format.render(markdown);
      sent = sent.compose(previous -> client.sendText(from, reply.chatId(), text).mapEmpty());
    }
    return sent.onFailure(failure -> vertx.eventBus().publish(Addresses.EVENTS, new DeliveryFailure(null,
        reply.chatId(), failure instanceof GraphApiException graph ? graph.code() : 0, failure.getMessage(),
        reply.inboundId()).toEvent()));
  }

  private static String chatKey(String accountId, String chatId) {
    return accountId + ":" + chatId;
  }
}

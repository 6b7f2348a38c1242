package dev.switchboard.channel.telegram;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.HashMap;

/**
 * Delivers replies with Telegram's rules. The Bot API has no idempotency key, so a message is sent
 * again only when Telegram said it was not posted:
 * <ul>
 *   <li>400 "can't parse entities": the same chunk again as plain text;</li>
 *   <li>429: after {@code parameters.retry_after} seconds (given up when that exceeds
 *       {@code maxRetryAfterSeconds});</li>
 *   <li>5xx and refused connections: after a doubling backoff;</li>
 *   <li>400 with {@code migrate_to_chat_id} (a group became a supergroup): once, to the new chat,
 *       which later replies use too.</li>
 * </ul>
 * A timeout after the request was written is final: the message may have been posted. So is a 403
 * (the user blocked the bot, or it left the group). What happens to a message that failed for good is
 * the channel's business ({@link dev.switchboard.channel.ChannelVerticle}).
 */
public final class TelegramSender {

  private static final Logger LOG = LoggerFactory.getLogger(TelegramSender.class);

  private final Vertx vertx;
  private final TelegramClient client;
  private final TelegramOptions options;
  private final Map<Long, Long> migratedChats = new HashMap<>();

  public TelegramSender(Vertx vertx, TelegramClient client, TelegramOptions options) {
    this.vertx = vertx;
    this.client = client;
    this.options = options;
  }

  /**
   * Sends one message, falling back to {@code plain} when Telegram cannot parse its HTML; completes with
   * the new message's id.
   */
  public Future<Long> send(OutgoingText text, String plain) {
    return attempt(text.inChat(currentChatId(text.chatId())), plain, 1);
  }

  /** Shows "typing…" in the chat (and topic); failures only cost the indicator. */
  public Future<Void> sendTyping(long chatId, Long threadId) {
    return client.sendTyping(currentChatId(chatId), threadId);
  }

  private Future<Long> attempt(OutgoingText text, String plain, int attempt) {
    return client.sendMessage(text).recover(failure -> {
      if (failure instanceof TelegramApiException api) {
        if (api.cannotParseEntities() && text.parseMode() != null) {
          return attempt(text.asPlain(plain), plain, attempt);
        }
        if (api.migrateToChatId() != null && !migratedChats.containsKey(text.chatId())
            && !migratedChats.containsValue(text.chatId())) {
          migratedChats.put(text.chatId(), api.migrateToChatId());
          LOG.info("telegram: chat {} became {}; sending there", text.chatId(), api.migrateToChatId());
          return attempt(text.inChat(api.migrateToChatId()), plain, attempt);
        }
        if (api.isRateLimited() && attempt < options.maxSendAttempts() && api.retryAfterSeconds() != null
            && api.retryAfterSeconds() <= options.maxRetryAfterSeconds()) {
          return retryAfter(api.retryAfterSeconds() * 1000, text, plain, attempt);
        }
        if (api.isServerError() && attempt < options.maxSendAttempts()) {
          return retryAfter(backoffMs(attempt), text, plain, attempt);
        }
      } else if (failure instanceof TelegramTransportException transport && transport.neverConnected()
          && attempt < options.maxSendAttempts()) {
        return retryAfter(backoffMs(attempt), text, plain, attempt);
      }
      return Future.failedFuture(failure);
    });
  }

  private Future<Long> retryAfter(long delayMs, OutgoingText text, String plain, int attempt) {
    if (delayMs <= 0) {
      return attempt(text, plain, attempt + 1);
    }
    return vertx.timer(delayMs).compose(elapsed -> attempt(text, plain, attempt + 1));
  }

  private long backoffMs(int attempt) {
    return options.serverErrorBackoffMs() << (attempt - 1);
  }

  /** Where messages for {@code chatId} go now: the supergroup it migrated to, or itself. */
  public long currentChatId(long chatId) {
    return migratedChats.getOrDefault(chatId, chatId);
  }
}

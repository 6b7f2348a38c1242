package dev.switchboard.channel.telegram;

import dev.switchboard.channel.delivery.RetryLoop;
import dev.switchboard.channel.delivery.Retryability;
import dev.switchboard.channel.delivery.SendPermit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers replies with Telegram's rules. The Bot API has no idempotency key, so a message is sent
 * again only when Telegram said it was not posted:
 * <ul>
 *   <li>400 "can't parse entities": the same chunk again as plain text, at once;</li>
 *   <li>400 with {@code migrate_to_chat_id} (a group became a supergroup): once, to the new chat,
 *       which later replies use too, at once;</li>
 *   <li>429: after {@code parameters.retry_after} seconds, 5xx and refused connections: after the
 *       policy's backoff; both as the channel's {@code retry} policy allows ({@link RetryLoop}).</li>
 * </ul>
 * Every one of them, at once or after a wait, goes only while the chunk's {@link SendPermit} holds.
 * A timeout after the request was written is final: the message may have been posted. So is a 403
 * (the user blocked the bot, or it left the group). What happens to a message that failed for good is
 * the channel's business ({@link dev.switchboard.channel.ChannelVerticle}).
 */
public final class TelegramSender {

  private static final Logger LOG = LoggerFactory.getLogger(TelegramSender.class);

  private final TelegramClient client;
  private final RetryLoop retries;
  private final Map<Long, Long> migratedChats = new HashMap<>();

  public TelegramSender(Vertx vertx, TelegramClient client, TelegramOptions options) {
    this.client = client;
    this.retries = new RetryLoop(vertx, "telegram", options.retry());
  }

  /**
   * Sends one message, falling back to {@code plain} when Telegram cannot parse its HTML; completes with
   * the new message's id; sent again (corrected or retried) only while {@code permit} holds.
   */
  public Future<Long> send(OutgoingText text, String plain, SendPermit permit) {
    AtomicReference<OutgoingText> current = new AtomicReference<>(text.inChat(currentChatId(text.chatId())));
    return retries.run("sendMessage", permit, () -> sendAdapting(current, plain, permit),
        TelegramSender::retryability);
  }

  /** Shows "typing…" in the chat (and topic); failures only cost the indicator. */
  public Future<Void> sendTyping(long chatId, Long threadId) {
    return client.sendTyping(currentChatId(chatId), threadId);
  }

  /**
   * One attempt, with the corrections Telegram asks for (plain text, the supergroup) made at once;
   * {@code current} keeps them for the attempts after it.
   */
  private Future<Long> sendAdapting(AtomicReference<OutgoingText> current, String plain, SendPermit permit) {
    OutgoingText text = current.get();
    return client.sendMessage(text).recover(failure -> {
      if (failure instanceof TelegramApiException api) {
        if (api.cannotParseEntities() && text.parseMode() != null) {
          current.set(text.asPlain(plain));
          return corrected(current, plain, permit);
        }
        if (api.migrateToChatId() != null && !migratedChats.containsKey(text.chatId())
            && !migratedChats.containsValue(text.chatId())) {
          migratedChats.put(text.chatId(), api.migrateToChatId());
          LOG.info("telegram: chat {} became {}; sending there", text.chatId(), api.migrateToChatId());
          current.set(text.inChat(api.migrateToChatId()));
          return corrected(current, plain, permit);
        }
      }
      return Future.failedFuture(failure);
    });
  }

  /**
   * The corrected message, sent only if the chunk is still this node's: the refused attempt may have
   * outlived the chat's claim, and the node holding it now sends the chunk itself.
   */
  private Future<Long> corrected(AtomicReference<OutgoingText> current, String plain, SendPermit permit) {
    return permit.confirmed().compose(go -> sendAdapting(current, plain, permit));
  }

  private static Retryability retryability(Throwable failure) {
    if (failure instanceof TelegramApiException api) {
      if (api.isRateLimited()) {
        return api.retryAfterSeconds() == null ? Retryability.RETRYABLE : Retryability.after(api.retryAfterSeconds() * 1_000);
      }
      return api.isServerError() ? Retryability.RETRYABLE : Retryability.PERMANENT;
    }
    return failure instanceof TelegramTransportException transport && transport.neverConnected()
        ? Retryability.RETRYABLE : Retryability.PERMANENT;
  }

  /** Where messages for {@code chatId} go now: the supergroup it migrated to, or itself. */
  public long currentChatId(long chatId) {
    return migratedChats.getOrDefault(chatId, chatId);
  }
}

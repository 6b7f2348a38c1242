package dev.switchboard.channel.delivery;

import dev.switchboard.channel.gate.TokenBucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps a channel's sends within the platform's pace (DESIGN §14): per recipient chat, then per
 * sending account (a WhatsApp number, a Telegram bot). A send first waits for its chat's turn and only
 * then for the account's, so a chat being paced, or a recipient Meta asked to slow down for, never
 * holds back the other chats. Each chat's sends already leave one at a time ({@link ChatLanes}), so
 * the waiting is bounded by the chunks in the outbox. This is pacing, not retry: a send that fails
 * is the platform client's business.
 *
 * <p>Confined to its verticle's context, like the lanes.
 */
public final class Pacer {

  /** A rate with its burst; {@code perSecond} sends a second on average. */
  public record Rate(double perSecond, int burst) {

    public Rate {
      if (perSecond <= 0 || burst < 1) {
        throw new IllegalArgumentException("a rate needs perSecond > 0 and burst >= 1");
      }
    }
  }

  /** Buckets are forgotten once refilled, but only looked for past this many, to keep sweeps rare. */
  private static final int SWEEP_ABOVE = 1_000;

  private final Vertx vertx;
  private final Rate perAccount;
  private final Rate perChat;
  private final LongSupplier clock;
  private final boolean oneAccount;
  private final Map<String, TokenBucket> accounts = new HashMap<>();
  private final Map<String, TokenBucket> chats = new HashMap<>();
  /** Chats paced more slowly for a while, at the platform's request: until when, epoch ms. */
  private final Map<String, Long> slowedUntil = new HashMap<>();

  /** @param perAccount the pace per sending account, or null; @param perChat the pace per chat, or null */
  public Pacer(Vertx vertx, Rate perAccount, Rate perChat) {
    this(vertx, perAccount, perChat, false, System::currentTimeMillis);
  }

  Pacer(Vertx vertx, Rate perAccount, Rate perChat, boolean oneAccount, LongSupplier clock) {
    this.vertx = vertx;
    this.perAccount = perAccount;
    this.perChat = perChat;
    this.oneAccount = oneAccount;
    this.clock = clock;
  }

  /** A channel with one sender (a Telegram bot): {@code overall} across every chat, whatever the account says. */
  public static Pacer oneAccount(Vertx vertx, Rate overall, Rate perChat) {
    return new Pacer(vertx, overall, perChat, true, System::currentTimeMillis);
  }

  /** Completes when a send from {@code account} to {@code chat} may go. */
  public Future<Void> acquire(String accountOrNull, String chat) {
    String account = oneAccount ? "" : String.valueOf(accountOrNull);
    long chatWait = reserveChat(chatKey(account, chat), clock.getAsLong());
    return chatWait == 0 ? reserveAccount(account) : vertx.timer(chatWait).compose(waited -> reserveAccount(account));
  }

  /**
   * From now on and for {@code forMs}, one send to the chat every {@code intervalMs} (WhatsApp's pair
   * limit, error 131056: one message to the same user every 6 s); the next one waits a whole interval.
   */
  public void slowDown(String accountOrNull, String chat, long intervalMs, long forMs) {
    long now = clock.getAsLong();
    String key = chatKey(oneAccount ? "" : String.valueOf(accountOrNull), chat);
    chats.put(key, new TokenBucket(1000.0 / intervalMs, 1, 0, now));
    slowedUntil.put(key, now + forMs);
  }

  private long reserveChat(String key, long now) {
    Long slowed = slowedUntil.get(key);
    if (slowed != null && slowed <= now) {
      slowedUntil.remove(key);
      chats.remove(key);
    }
    if (perChat == null && !slowedUntil.containsKey(key)) {
      return 0;
    }
    sweep(chats, now);
    return chats.computeIfAbsent(key, k -> new TokenBucket(perChat.perSecond(), perChat.burst(), now)).reserve(now);
  }

  private Future<Void> reserveAccount(String account) {
    if (perAccount == null) {
      return Future.succeededFuture();
    }
    long now = clock.getAsLong();
    sweep(accounts, now);
    long wait = accounts.computeIfAbsent(account,
        k -> new TokenBucket(perAccount.perSecond(), perAccount.burst(), now)).reserve(now);
    return wait == 0 ? Future.succeededFuture() : vertx.timer(wait).mapEmpty();
  }

  private void sweep(Map<String, TokenBucket> buckets, long now) {
    if (buckets.size() < SWEEP_ABOVE) {
      return;
    }
    for (Iterator<Map.Entry<String, TokenBucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, TokenBucket> entry = it.next();
      if (entry.getValue().idle(now) && !slowedUntil.containsKey(entry.getKey())) {
        it.remove();
      }
    }
  }

  private static String chatKey(String account, String chat) {
    return account + '\n' + chat;
  }
}

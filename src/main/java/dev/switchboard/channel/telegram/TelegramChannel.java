package dev.switchboard.channel.telegram;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.ChannelKind;
import dev.switchboard.channel.ChannelVerticle;
import dev.switchboard.config.ConfigNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/** Telegram as the bridge deploys it: {@code channels.telegram}, checked with {@code getMe}. */
public final class TelegramChannel implements ChannelKind {

  @Override
  public String name() {
    return "telegram";
  }

  @Override
  public List<String> missing(ConfigNode section) {
    return TelegramOptions.from(section).missing();
  }

  @Override
  public ChannelVerticle create(ChannelContext context) {
    TelegramOptions options = TelegramOptions.from(context.section());
    TelegramVerticle verticle = new TelegramVerticle(context.webhooks(), options, context.gate(options.channel()),
        context.inbox(), context.outbox(), context.turnTimeoutMs());
    return context.streams() ? verticle.streamingReplies(context.streaming().minIntervalMs()) : verticle;
  }

  @Override
  public Future<String> probe(Vertx vertx, ConfigNode section) {
    TelegramClient client = new TelegramClient(vertx, TelegramOptions.from(section));
    return client.getMe().map(bot -> "token accepted: @" + bot.username() + " (id " + bot.id() + ")")
        .onComplete(done -> client.close());
  }
}

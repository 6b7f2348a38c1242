package dev.switchboard.channel.slack;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.ChannelKind;
import dev.switchboard.channel.ChannelVerticle;
import dev.switchboard.config.ConfigNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/** Slack as the bridge deploys it: {@code channels.slack}, checked with {@code auth.test}. */
public final class SlackChannel implements ChannelKind {

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public List<String> missing(ConfigNode section) {
    return SlackOptions.from(section).missing();
  }

  @Override
  public ChannelVerticle create(ChannelContext context) {
    SlackOptions options = SlackOptions.from(context.section());
    SlackVerticle verticle = new SlackVerticle(context.webhooks(), options, context.gate(options.common()),
        context.dedupe(), context.inbox(), context.outbox(), context.clock());
    return context.streams() ? verticle.streamingReplies(context.streaming().minIntervalMs(), context.previews()) : verticle;
  }

  @Override
  public Future<String> probe(Vertx vertx, ConfigNode section) {
    SlackClient client = new SlackClient(vertx, SlackOptions.from(section));
    return client.authTest().map(bot -> "token accepted: bot user " + bot.userId() + " in " + bot.team()
        + " (" + bot.teamId() + ")").onComplete(done -> client.close());
  }
}

package dev.switchboard.channel;

import dev.switchboard.config.ConfigNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * A chat platform the bridge can serve: what it needs in the config, how to start it, and how
 * {@code doctor} checks its token.
 */
public interface ChannelKind {

  /** The config key under {@code channels} and the name in addresses and ids. */
  String name();

  /** Why the section cannot start the channel (a secret's variable is unset, say); empty when it can. */
  List<String> missing(ConfigNode section);

  /** The verticle serving the channel; called only when {@link #missing} is empty. */
  ChannelVerticle create(ChannelContext context);

  /** Asks the platform whether the token works; the text says who the bot is, or what is wrong. */
  Future<String> probe(Vertx vertx, ConfigNode section);
}

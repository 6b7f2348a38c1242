package dev.switchboard.channel.whatsapp;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.ChannelKind;
import dev.switchboard.channel.ChannelVerticle;
import dev.switchboard.config.ConfigNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/** WhatsApp as the bridge deploys it: {@code channels.whatsapp}, checked by looking up the phone number. */
public final class WhatsAppChannel implements ChannelKind {

  /** The channel's name: config key, bus address suffix and message id prefix. */
  public static final String NAME = "whatsapp";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> missing(ConfigNode section) {
    return WhatsAppOptions.from(section).missingSecrets();
  }

  @Override
  public ChannelVerticle create(ChannelContext context) {
    WhatsAppOptions options = WhatsAppOptions.from(context.section());
    return new WhatsAppVerticle(context.webhooks(), options, context.gate(options.channel()), context.inbox(),
        context.outbox(), context.turnTimeoutMs());
  }

  @Override
  public Future<String> probe(Vertx vertx, ConfigNode section) {
    WhatsAppOptions options = WhatsAppOptions.from(section);
    if (options.phoneNumberId() == null) {
      return Future.succeededFuture("token not checked: set channels.whatsapp.phoneNumberId to look the number up");
    }
    WhatsAppClient client = new WhatsAppClient(vertx, options);
    return client.lookupPhoneNumber()
        .map(number -> "token accepted: " + number.displayPhoneNumber() + " (" + number.verifiedName()
            + ", quality " + number.qualityRating() + ")")
        .onComplete(done -> client.close());
  }
}

package dev.switchboard.channel;

import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.MessagesConfig;
import io.vertx.ext.web.Router;

import java.time.Clock;

/**
 * What a channel verticle gets from the bridge: the gateway's router to mount its webhook on, its
 * own config section, the message limits, and the stores every channel shares.
 */
public record ChannelContext(Router router, ConfigNode section, MessagesConfig messages, DedupeLog dedupe,
                             PairingStore pairing, Clock clock) {
}

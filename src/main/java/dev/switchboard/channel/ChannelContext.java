package dev.switchboard.channel;

import dev.switchboard.channel.gate.ChannelGate;
import dev.switchboard.store.DedupeLog;
import dev.switchboard.store.PairingStore;
import dev.switchboard.config.ConfigNode;
import dev.switchboard.config.MessagesConfig;
import dev.switchboard.config.StreamingConfig;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.Outbox;

import java.time.Clock;

/**
 * What a channel verticle gets from the bridge: the node's webhook routes to register with, its
 * own config section, the message limits, the stores every channel shares, and how long a turn may
 * take (typing indicators stop then at the latest).
 *
 * @param inbox         where accepted messages are journaled before the platform gets its 200
 * @param outbox        where reply chunks are written before they are sent
 * @param turnTimeoutMs the router's whole-turn deadline, in milliseconds
 * @param streaming     how often a reply still being written may be shown, for a channel that streams
 */
public record ChannelContext(WebhookRoutes webhooks, ConfigNode section, MessagesConfig messages, DedupeLog dedupe,
                             PairingStore pairing, Inbox inbox, Outbox outbox, Clock clock, long turnTimeoutMs,
                             StreamingConfig streaming) {

  /** The channel key that turns streaming on ({@code channels.<name>.streaming}). */
  public static final String STREAMING_KEY = "streaming";

  /** Whether the channel's section asks for replies to be shown as they are written. */
  public boolean streams() {
    return section.bool(STREAMING_KEY, false);
  }

  /** The usual inbound gate for a channel with these options. */
  public ChannelGate gate(ChannelOptions options) {
    return ChannelGate.create(options, messages, dedupe, pairing, clock);
  }
}
